import { AlertsLoading } from '@/components/alerts/AlertsLoading';

export default function Loading() {
  return <AlertsLoading title="alerts" />;
}
