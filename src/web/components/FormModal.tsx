import { Alert, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { applyApiErrors } from './formErrors';

export interface FormModalProps<T extends object> {
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  /** Throws an ApiError to show field errors under their fields. */
  onSubmit: (values: T) => Promise<unknown>;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  okText?: string;
  danger?: boolean;
  width?: number;
  children: ReactNode;
  testId?: string;
  fieldMap?: Record<string, string | (string | number)[]>;
}

/**
 * A modal around an antd Form: validates, submits, maps API errors onto the fields. Mount it only
 * while open (`{open ? <XModal open … /> : null}`), so every opening starts from fresh values.
 */
export function FormModal<T extends object>({
  title,
  open,
  onClose,
  onSubmit,
  form,
  initialValues,
  okText = '保存',
  danger,
  width = 560,
  children,
  testId,
  fieldMap,
}: FormModalProps<T>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) setError(null);
  }, [open]);

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      setError(applyApiErrors(form, e, fieldMap));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, loading: submitting, 'data-testid': 'modal-ok' }}
      confirmLoading={submitting}
      width={width}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid={testId}
    >
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
