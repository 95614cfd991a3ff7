export { Button, type ButtonProps } from './Button';
export { Field, TextInput, TextArea, Select, Checkbox, Switch } from './Form';
export { ErrorBanner, Notice, Spinner, Loading, Empty } from './Feedback';
export { ToastProvider, useToast } from './Toast';
export { Dialog, ConfirmDialog } from './Dialog';
export { PageHeader, Card, Tabs, Badge } from './Layout';
export { DataTable, type Column } from './DataTable';
