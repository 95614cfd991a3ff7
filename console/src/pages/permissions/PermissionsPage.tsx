import { Empty, PageHeader } from '../../ui';

/** Roles × operations per table, and the permission editor. */
export default function PermissionsPage({ route }: { route: string[] }) {
  void route;
  return (
    <div className="page">
      <PageHeader title="Permissions" subtitle="Who may read and write which rows and columns, role by role." />
      <Empty title="Permissions are coming soon">Meanwhile, use the metadata API's pg_create_*_permission.</Empty>
    </div>
  );
}
