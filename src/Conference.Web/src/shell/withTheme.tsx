import { lazy, type ComponentType } from "react";

/**
 * MUI, its styling engine and the theme are not in the first chunk nor on the board's first screen: whatever uses
 * them is loaded on demand and rendered inside the theme (shell/Themed.tsx) by these two wrappers.
 */
type RouteModule = { Component?: ComponentType | null } & Record<string, unknown>;

const loadThemed = () => import("./Themed");

/** A route's `lazy` for a screen made with MUI: its module and the theme, the screen rendered inside the theme. */
export function themedRoute(load: () => Promise<RouteModule>): () => Promise<RouteModule> {
  return async () => {
    const [module, { Themed }] = await Promise.all([load(), loadThemed()]);
    const Screen = module.Component;
    if (!Screen) return module;
    return {
      ...module,
      Component: function ThemedScreen() {
        return (
          <Themed>
            <Screen />
          </Themed>
        );
      },
    };
  };
}

/** React.lazy for a widget made with MUI (a dialog, a menu, a drawer): loaded when first rendered, inside the theme. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyThemed<P extends Record<string, any>>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(async () => {
    const [{ default: Widget }, { Themed }] = await Promise.all([load(), loadThemed()]);
    return {
      default: function ThemedWidget(props: P) {
        return (
          <Themed>
            <Widget {...props} />
          </Themed>
        );
      },
    };
  });
}
