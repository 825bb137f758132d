import { useLargeType } from '../hooks/useLargeType';
import './light/light.css';
import { LargeTypeToggle } from './light/LargeTypeToggle';

/**
 * The 大字模式 switch (decision 0043): labelled in words, and the whole label is the tap target
 * (44 px tall), not only the small switch. `toggle` is a pill for coloured backgrounds (the login
 * page), saying whether it is on. A plain button with role="switch", not antd's Switch: it is on
 * the member's first page (issue #19, the first JS under 200 KB).
 */
export function LargeTypeSwitch({ variant = 'switch' }: { variant?: 'switch' | 'toggle' }) {
  const [on, setOn] = useLargeType();
  if (variant === 'toggle') return <LargeTypeToggle />;
  return (
    <label className="large-type-switch">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        className="light-switch"
        onClick={() => setOn(!on)}
        data-testid="large-type-switch"
      />
      <span className="large-type-switch-label">大字模式</span>
    </label>
  );
}
