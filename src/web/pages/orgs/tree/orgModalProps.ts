import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { Org } from '../../../api/types';

/** Dates of changes already made: none after today. */
export const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

export interface ModalProps {
  org: Org;
  open: boolean;
  onClose: () => void;
}
