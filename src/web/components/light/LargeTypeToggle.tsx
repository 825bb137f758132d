import { useLargeType } from '../../hooks/useLargeType';

/**
 * The 大字模式 pill for coloured backgrounds (the login page, decision 0043): a plain button that
 * says whether it is on, 44 px tall. Here rather than in LargeTypeSwitch so that the login page does
 * not import antd's Switch (issue #19, the first load).
 */
export function LargeTypeToggle() {
  const [on, setOn] = useLargeType();
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
