import { CustomerNotFound } from '@/components/customers/CustomerNotFound';

export default function NotFound() {
  return <CustomerNotFound />;
}
