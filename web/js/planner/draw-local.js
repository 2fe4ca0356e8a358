// Leaflet.draw's own words (the tooltips that follow the pointer while drawing, its toolbar's actions) in the
// interface language: the plugin keeps them in the global L.drawLocal, read each time a tooltip is shown.

import { t } from '../core/i18n.js';

/** Writes the current language's drawing words into L.drawLocal. */
export function localizeDraw(L) {
  const local = L?.drawLocal;
  if (!local) return;
  const h = local.draw.handlers;
  h.polygon.tooltip.start = t('drawtip.polygon.start');
  h.polygon.tooltip.cont = t('drawtip.polygon.cont');
  h.polygon.tooltip.end = t('drawtip.polygon.end');
  h.polyline.tooltip.start = t('drawtip.line.start');
  h.polyline.tooltip.cont = t('drawtip.line.cont');
  h.polyline.tooltip.end = t('drawtip.line.end');
  h.polyline.error = t('drawtip.line.error');
  h.marker.tooltip.start = t('drawtip.point.start');
  if (h.circlemarker) h.circlemarker.tooltip.start = t('drawtip.point.start');
  if (h.simpleshape) h.simpleshape.tooltip.end = t('drawtip.release');
  if (h.rectangle) h.rectangle.tooltip.start = t('drawtip.rectangle.start');
  const toolbar = local.draw.toolbar;
  toolbar.actions = { title: t('drawtip.cancel.title'), text: t('drawtip.cancel') };
  toolbar.finish = { title: t('drawtip.finish.title'), text: t('drawtip.finish') };
  toolbar.undo = { title: t('drawtip.undo.title'), text: t('drawtip.undo') };
}
