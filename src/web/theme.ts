import type { ThemeConfig } from 'antd';

export const PARTY_RED = '#b7141b';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#a8071a',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: PARTY_RED, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f4f5f7' },
    Menu: { itemSelectedBg: '#fff1f0', itemSelectedColor: PARTY_RED },
  },
};
