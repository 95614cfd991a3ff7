import { PageHeader } from '../../ui';

export default function MetadataPage() {
  return <div className="page"><PageHeader title="Metadata" /></div>;
}
