import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // White on blue 8 is 5.0:1; Mantine's default shade 6 is 3.6:1, below WCAG AA for text.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
});

/**
 * Text colours at 4.5:1 or more on white and on the light badge and alert backgrounds. Mantine's
 * light-variant text (shade 6) and `dimmed` (gray 6) stay near 3.5:1, too faint for the
 * catering managers who read these pages on kitchen-office screens.
 */
const readable: Record<string, string> = {
  blue: '#1864ab',
  green: '#237032',
  teal: '#087f5b',
  red: '#c92a2a',
  orange: '#b3410c',
  yellow: '#8a5a00',
  gray: '#495057',
  grape: '#862e9c',
};

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-anchor': '#1864ab',
    '--mantine-color-placeholder': '#6b7280',
    // Field and button outlines at 3.3:1 against white (WCAG 1.4.11 asks 3:1; gray 4 is 1.5:1).
    '--mantine-color-default-border': '#868e96',
    ...Object.fromEntries(
      Object.entries(readable).flatMap(([color, value]) => [
        [`--mantine-color-${color}-light-color`, value],
        [`--mantine-color-${color}-text`, value],
      ]),
    ),
  },
  dark: {},
});
