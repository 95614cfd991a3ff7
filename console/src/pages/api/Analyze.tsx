import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ExplainStep } from '../../api/client';
import { Button, Dialog, Empty, ErrorBanner, Loading } from '../../ui';
import { formatSql } from './formatSql';

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** The statement each root field compiles to and Postgres's plan for it, as the chosen role (`/v1/graphql/explain`). */
export function Analyze({ operation, headers, role, onClose }: {
  operation: Operation; headers: Record<string, string>; role: string; onClose: () => void;
}) {
  const client = useApi();
  const [state, setState] = useState<{ steps?: ExplainStep[]; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    client.explain(operation.query, operation.variables, headers, operation.operationName).then(
      (steps) => live && setState({ steps }),
      (error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [client, operation, headers]);
  return (
    <Dialog title={`Analyze, as ${role}`} wide onClose={onClose}
      footer={<Button onClick={onClose}>Close</Button>}>
      {state.error !== undefined && <ErrorBanner error={state.error} title="The query could not be analyzed" />}
      {!state.steps && state.error === undefined && <Loading what="Asking Postgres for the plan" />}
      {state.steps?.length === 0 && (
        <Empty title="Nothing to analyze">Only queries have a plan: mutations and subscriptions are not analyzed, nor are
          introspection fields.</Empty>
      )}
      {state.steps?.map((step) => (
        <section key={step.field} className="analyze-step" aria-label={`Plan of ${step.field}`}>
          <h3 className="analyze-field">{step.field}</h3>
          <div className="analyze-head">
            <span className="analyze-label">Generated SQL</span>
            <CopyButton text={step.sql} />
          </div>
          <pre className="analyze-sql" aria-label={`SQL of ${step.field}`}>{formatSql(step.sql)}</pre>
          <div className="analyze-head"><span className="analyze-label">Execution plan</span></div>
          <pre className="analyze-plan" aria-label={`Plan of ${step.field}`}>{step.plan.join('\n')}</pre>
        </section>
      ))}
    </Dialog>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button size="small" kind="ghost" onClick={() => {
      void navigator.clipboard?.writeText(text).then(() => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      }, () => undefined);
    }}>{copied ? 'Copied' : 'Copy'}</Button>
  );
}
