// Markup shared by the map's panel controls: a heading button that shows or hides the panel body.

import { DomUtil } from 'leaflet';

/**
 * Builds `<section><h2><button aria-expanded aria-controls>title</button></h2><div body/></section>`.
 * The caller owns the listeners (it adds them in onAdd and removes them in onRemove).
 * @param {string} className extra class of the section
 * @param {string} idBase unique prefix for the button and body ids
 */
export function buildPanel(className, idBase) {
  const container = DomUtil.create('section', `xt-panel ${className}`);
  container.setAttribute('aria-labelledby', `${idBase}-title`);
  const heading = DomUtil.create('h2', 'xt-panel__heading', container);
  const toggle = DomUtil.create('button', 'xt-panel__toggle', heading);
  toggle.type = 'button';
  toggle.id = `${idBase}-title`;
  toggle.setAttribute('aria-controls', `${idBase}-body`);
  const title = DomUtil.create('span', 'xt-panel__title', toggle);
  DomUtil.create('span', 'xt-panel__chevron', toggle).setAttribute('aria-hidden', 'true');
  const body = DomUtil.create('div', 'xt-panel__body', container);
  body.id = `${idBase}-body`;
  return { container, toggle, title, body };
}

/** Shows or hides the body; `hint` is the button's tooltip (what a click will do). */
export function setPanelCollapsed(panel, collapsed, hint) {
  panel.body.hidden = collapsed;
  panel.toggle.setAttribute('aria-expanded', String(!collapsed));
  panel.toggle.title = hint;
}
