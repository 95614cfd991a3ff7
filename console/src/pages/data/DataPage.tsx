import { PageHeader } from '../../ui';

export default function DataPage({ route }: { route: string[] }) {
  void route;
  return <div className="page"><PageHeader title="Data" /></div>;
}
