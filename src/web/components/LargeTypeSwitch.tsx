import { Switch } from 'antd';
import { useLargeType } from '../hooks/useLargeType';

/**
 * The 大字模式 switch (decision 0043): labelled in words, and the whole label is the tap target
 * (44 px tall), not only the small switch. `toggle` is a pill for coloured backgrounds (the login
 * page), saying whether it is on.
 */
export function LargeTypeSwitch({ variant = 'switch' }: { variant?: 'switch' | 'toggle' }) {
  const [on, setOn] = useLargeType();
  if (variant === 'toggle') {
    return (
      <button
        type="button"
        className="large-type-toggle-link"
        aria-pressed={on}
        data-testid="large-type-switch"
        onClick={() => setOn(!on)}
      >
        {on ? '大字模式：已开' : '大字模式'}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is antd's Switch (a button) inside the label
    <label className="large-type-switch">
      <Switch checked={on} onChange={setOn} data-testid="large-type-switch" />
      <span className="large-type-switch-label">大字模式</span>
    </label>
  );
}
