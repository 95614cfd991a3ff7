// GraphiQL's editors (Monaco) run their language services in web workers. GraphiQL's own `setup-workers/vite` cannot
// be pre-bundled by Vite's dev server (its `?worker` imports sit inside node_modules), so the same three workers are
// declared here, in a file Vite transforms itself, in development and in the build alike.
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';

(globalThis as unknown as { MonacoEnvironment: { getWorker: (id: string, label: string) => Worker } }).MonacoEnvironment = {
  getWorker(_id, label) {
    if (label === 'json') return new JsonWorker();
    if (label === 'graphql') return new GraphQLWorker();
    return new EditorWorker();
  },
};
