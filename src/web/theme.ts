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

/**
 * 大字模式 (decision 0043): larger type and controls, and darker text and borders for eyes that
 * need more contrast. Applied over `theme` everywhere once the user turns it on; our own CSS
 * follows `html.large-type` (styles.css).
 */
export const largeTypeTokens: ThemeConfig['token'] = {
  fontSize: 20,
  fontSizeSM: 17,
  fontSizeLG: 22,
  fontSizeHeading1: 34,
  fontSizeHeading2: 28,
  fontSizeHeading3: 24,
  fontSizeHeading4: 22,
  fontSizeHeading5: 20,
  controlHeight: 48,
  controlHeightSM: 40,
  controlHeightLG: 56,
  colorText: '#000000',
  colorTextHeading: '#000000',
  colorTextSecondary: 'rgba(0, 0, 0, 0.78)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.66)',
  colorTextDescription: 'rgba(0, 0, 0, 0.72)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  colorBorder: '#8c8c8c',
  colorBorderSecondary: '#bfbfbf',
  colorSplit: 'rgba(0, 0, 0, 0.2)',
};

/** Member-facing pages in normal type: body 16 px and controls a finger can hit (44 px). */
export const memberTokens: ThemeConfig['token'] = {
  fontSize: 16,
  // antd's small print (statistic titles, small tables) too: nothing on a member page is under 16 px.
  fontSizeSM: 16,
  fontSizeLG: 18,
  controlHeight: 44,
  controlHeightSM: 36,
  controlHeightLG: 50,
};

/** The app's theme with or without 大字模式. */
export function themeFor(largeType: boolean): ThemeConfig {
  return largeType ? { ...theme, token: { ...theme.token, ...largeTypeTokens } } : theme;
}

/** The tokens of a member page (MemberApp): larger than the desktop's even without 大字模式. */
export function memberThemeFor(largeType: boolean): ThemeConfig {
  return { token: largeType ? largeTypeTokens : memberTokens };
}
