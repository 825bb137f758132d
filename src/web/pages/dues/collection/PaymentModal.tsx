import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type KeyboardEvent, useRef, useState } from 'react';
import {
  PAYMENT_KIND_LABELS,
  PAYMENT_KINDS,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type PaymentKind,
  type PaymentMethod,
  yuan,
} from '../../../../domain/dues';
import type { PaymentBody } from '../../../../shared/contracts/dues';
import { type LedgerRow, useRecordPayment } from '../../../api/dues';
import { applyApiErrors } from '../../../components/formErrors';
import { toIsoDate } from '../../../format';
import { fenToInput, monthText, parseYuan, yuanRule } from '../common';

interface Values {
  amount: string;
  paidOn: Dayjs;
  method: PaymentMethod;
  payerName?: string;
  kind: PaymentKind;
  note?: string;
}

export const methodOptions = PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }));

/** A random idempotency key; crypto.randomUUID needs a secure context, so fall back to bytes. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * 登记交纳 for one member and month: the amount is prefilled with the balance (元); Enter in a text
 * field submits. The Idempotency-Key is made when the form opens and reused while the same body is
 * retried, so a lost answer never books the payment twice.
 */
export function PaymentModal({
  row,
  defaultMethod,
  onClose,
}: {
  row: LedgerRow;
  defaultMethod: PaymentMethod;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const record = useRecordPayment();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const key = useRef({ key: newIdempotencyKey(), body: '' });
  const kind = Form.useWatch('kind', form);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: PaymentBody = {
      memberId: row.memberId,
      month: row.month,
      kind: v.kind,
      amountFen: parseYuan(v.amount)!,
      paidOn: toIsoDate(v.paidOn)!,
      method: v.method,
      payerName: v.payerName?.trim() || undefined,
      note: v.note?.trim() || undefined,
    };
    const json = JSON.stringify(body);
    // A retry of the same payment keeps its key; a changed payment is a new one.
    if (key.current.body && key.current.body !== json) key.current.key = newIdempotencyKey();
    key.current.body = json;
    setError(null);
    try {
      await record.mutateAsync({ body, idempotencyKey: key.current.key });
      message.success(`已登记 ${row.memberName} ${monthText(row.month)} 党费 ${yuan(body.amountFen)} 元`);
      onClose();
    } catch (e) {
      setError(applyApiErrors(form, e, { amountFen: 'amount' }));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    const t = e.target as HTMLElement;
    if (t.tagName !== 'INPUT' || t.closest('.ant-select, .ant-picker')) return;
    e.preventDefault();
    void submit();
  };

  return (
    <Modal
      title={`登记交纳：${row.memberName} · ${monthText(row.month)}`}
      open
      onCancel={onClose}
      onOk={submit}
      okText="登记"
      cancelText="取消"
      okButtonProps={{ loading: record.isPending, 'data-testid': 'payment-submit' }}
      destroyOnHidden
      mask={{ closable: false }}
      width={480}
      data-testid="payment-form"
    >
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <div className="muted small" style={{ marginBottom: 12 }}>
        应交 {row.expectedFen === null ? '—' : `${yuan(row.expectedFen)} 元`}，已交 {yuan(row.paidFen)}{' '}
        元，欠交{' '}
        <b style={{ color: row.balanceFen > 0 ? '#cf1322' : undefined }}>{yuan(row.balanceFen)} 元</b>
      </div>
      <div onKeyDown={onKeyDown}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            amount: row.balanceFen > 0 ? fenToInput(row.balanceFen) : '',
            paidOn: dayjs(),
            method: defaultMethod,
            kind: 'regular',
          }}
        >
          <Form.Item name="kind" label="交纳类型">
            <Radio.Group
              optionType="button"
              options={PAYMENT_KINDS.map((k) => ({ value: k, label: PAYMENT_KIND_LABELS[k] }))}
              data-testid="payment-kind"
            />
          </Form.Item>
          <div className="form-row-2">
            <Form.Item
              name="amount"
              label="金额"
              required
              rules={[yuanRule({ required: true, positive: true })]}
              extra={kind === 'voluntary' ? '自愿多交的部分单独记账（党费规定第十一条）' : undefined}
            >
              <Input
                suffix="元"
                inputMode="decimal"
                autoFocus
                placeholder="如 12.50"
                data-testid="payment-amount"
              />
            </Form.Item>
            <Form.Item name="paidOn" label="交纳日期" rules={[{ required: true, message: '请选择交纳日期' }]}>
              <DatePicker
                style={{ width: '100%' }}
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                data-testid="payment-paid-on"
              />
            </Form.Item>
          </div>
          <div className="form-row-2">
            <Form.Item name="method" label="交纳方式" rules={[{ required: true, message: '请选择交纳方式' }]}>
              <Select options={methodOptions} data-testid="payment-method" />
            </Form.Item>
            <Form.Item name="payerName" label="代交人" extra="本人交纳可不填">
              <Input maxLength={30} data-testid="payment-payer" />
            </Form.Item>
          </div>
          <Form.Item name="note" label="备注" style={{ marginBottom: 0 }}>
            <Input maxLength={500} data-testid="payment-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
