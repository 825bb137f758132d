import { type ComponentType, lazy, Suspense } from 'react';

/*
 * The icons of the route table (routes.tsx), loaded on first render from one chunk (menuIconSet.ts).
 * The route table is part of the entry chunk (the router is built from it), and 30 icons there
 * would be downloaded on every first load, the login page's and a member's included (issue #19).
 * An icon not listed in menuIconSet.ts is a type error here: add it there and below.
 */
type IconName = keyof typeof import('./menuIconSet');

let set: Promise<typeof import('./menuIconSet')> | null = null;
const loadSet = () => {
  set ??= import('./menuIconSet');
  return set;
};

function icon(name: IconName): ComponentType {
  const Icon = lazy(() => loadSet().then((m) => ({ default: m[name] as ComponentType })));
  function MenuIcon() {
    // The placeholder keeps the icon's place (antd's .anticon is 1em wide) while the chunk loads.
    return (
      <Suspense fallback={<span className="anticon" style={{ width: '1em', height: '1em' }} />}>
        <Icon />
      </Suspense>
    );
  }
  MenuIcon.displayName = name;
  return MenuIcon;
}

export const AccountBookOutlined = icon('AccountBookOutlined');
export const ApartmentOutlined = icon('ApartmentOutlined');
export const AuditOutlined = icon('AuditOutlined');
export const BarChartOutlined = icon('BarChartOutlined');
export const BookOutlined = icon('BookOutlined');
export const CalendarOutlined = icon('CalendarOutlined');
export const CloudUploadOutlined = icon('CloudUploadOutlined');
export const CommentOutlined = icon('CommentOutlined');
export const CreditCardOutlined = icon('CreditCardOutlined');
export const DashboardOutlined = icon('DashboardOutlined');
export const FieldTimeOutlined = icon('FieldTimeOutlined');
export const FileDoneOutlined = icon('FileDoneOutlined');
export const FlagOutlined = icon('FlagOutlined');
export const FundProjectionScreenOutlined = icon('FundProjectionScreenOutlined');
export const HeatMapOutlined = icon('HeatMapOutlined');
export const HomeOutlined = icon('HomeOutlined');
export const IdcardOutlined = icon('IdcardOutlined');
export const LinkOutlined = icon('LinkOutlined');
export const MoneyCollectOutlined = icon('MoneyCollectOutlined');
export const PieChartOutlined = icon('PieChartOutlined');
export const RiseOutlined = icon('RiseOutlined');
export const SafetyCertificateOutlined = icon('SafetyCertificateOutlined');
export const ScheduleOutlined = icon('ScheduleOutlined');
export const ShopOutlined = icon('ShopOutlined');
export const SwapOutlined = icon('SwapOutlined');
export const TeamOutlined = icon('TeamOutlined');
export const UnorderedListOutlined = icon('UnorderedListOutlined');
export const UploadOutlined = icon('UploadOutlined');
export const UserOutlined = icon('UserOutlined');
export const WalletOutlined = icon('WalletOutlined');
export const WarningOutlined = icon('WarningOutlined');
