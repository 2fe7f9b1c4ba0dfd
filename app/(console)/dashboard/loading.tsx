import { DashboardLoading } from '@/components/dashboard/DashboardLoading';

export default function Loading() {
  return <DashboardLoading />;
}
