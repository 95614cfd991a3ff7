import { PageHeader } from '../../ui';

export default function SqlPage() {
  return <div className="page"><PageHeader title="SQL" /></div>;
}
