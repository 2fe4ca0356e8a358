// Grouped layer switcher as a Leaflet control: one fieldset per catalogue group, one checkbox per layer.

import { Control, DomUtil, DomEvent, stamp } from 'leaflet';
import { pick, t } from '../core/i18n.js';
import { buildPanel, setPanelCollapsed } from './panel.js';

/**
 * Options: `groups` — the catalogue's groups (their order is the switcher order);
 * `entries` — [{def, layer}] in the order to list them within a group; `lang` — 'zh' | 'en';
 * `collapsed` — start with the list hidden (small screens).
 * Checking a box adds the layer to the map; layers added or removed elsewhere update the boxes.
 */
export const LayerSwitcher = Control.extend({
  options: {
    position: 'topright',
    groups: [],
    entries: [],
    lang: 'zh',
    collapsed: false,
  },

  onAdd(map) {
    const panel = buildPanel('xt-switcher', `xt-switcher-${stamp(this)}`);
    panel.body.classList.add('xt-switcher__body');
    this._panel = panel;
    this._labels = []; // [node, () => text] pairs, re-evaluated on a language switch
    this._label(panel.title, () => t('switcher.title', {}, this.options.lang));

    this._layerByBox = new Map();
    this._boxByLayer = new Map();
    for (const group of this._groupsWithEntries()) {
      const fieldset = DomUtil.create('fieldset', 'xt-switcher__group', panel.body);
      fieldset.dataset.groupId = group.id;
      const legend = DomUtil.create('legend', 'xt-switcher__group-title', fieldset);
      this._label(legend, () => pick(group.title, this.options.lang));
      for (const entry of group.entries) {
        const label = DomUtil.create('label', 'xt-switcher__item', fieldset);
        const box = DomUtil.create('input', 'xt-switcher__checkbox', label);
        box.type = 'checkbox';
        box.name = 'layer';
        box.value = entry.def.id;
        box.dataset.layerId = entry.def.id;
        box.checked = map.hasLayer(entry.layer);
        const text = DomUtil.create('span', 'xt-switcher__item-title', label);
        this._label(text, () => pick(entry.def.title, this.options.lang));
        this._layerByBox.set(box, entry.layer);
        this._boxByLayer.set(entry.layer, box);
      }
    }

    DomEvent.disableClickPropagation(panel.container);
    DomEvent.disableScrollPropagation(panel.container);
    DomEvent.on(panel.body, 'change', this._onChange, this);
    DomEvent.on(panel.toggle, 'click', this._onToggle, this);
    map.on('layeradd layerremove', this._onLayerChange, this);

    this._relabel();
    return panel.container;
  },

  onRemove(map) {
    map.off('layeradd layerremove', this._onLayerChange, this);
    DomEvent.off(this._panel.body, 'change', this._onChange, this);
    DomEvent.off(this._panel.toggle, 'click', this._onToggle, this);
    this._layerByBox = null;
    this._boxByLayer = null;
    this._labels = [];
    this._panel = null;
  },

  /** Re-renders every label in `lang`, in place (focus and check state are kept). */
  setLang(lang) {
    this.options.lang = lang;
    if (this._map) this._relabel();
    return this;
  },

  /** Shows or hides the list. */
  setCollapsed(collapsed) {
    this.options.collapsed = Boolean(collapsed);
    if (this._map) this._applyCollapsed();
    return this;
  },

  _groupsWithEntries() {
    const byGroup = new Map();
    for (const entry of this.options.entries) {
      if (!byGroup.has(entry.def.group)) byGroup.set(entry.def.group, []);
      byGroup.get(entry.def.group).push(entry);
    }
    const groups = this.options.groups
      .filter((group) => byGroup.has(group.id))
      .map((group) => ({ ...group, entries: byGroup.get(group.id) }));
    // A layer whose group is missing from the catalogue's groups is still listed, under its group id.
    const known = new Set(groups.map((group) => group.id));
    for (const [groupId, entries] of byGroup) {
      if (!known.has(groupId)) groups.push({ id: groupId, title: { zh: groupId, en: groupId }, entries });
    }
    return groups;
  },

  _label(node, text) {
    this._labels.push([node, text]);
  },

  _relabel() {
    for (const [node, text] of this._labels) node.textContent = text();
    this._applyCollapsed();
  },

  _applyCollapsed() {
    const { collapsed, lang } = this.options;
    setPanelCollapsed(this._panel, collapsed, t(collapsed ? 'switcher.show' : 'switcher.hide', {}, lang));
  },

  _onToggle() {
    this.setCollapsed(!this.options.collapsed);
  },

  _onChange(event) {
    const layer = this._layerByBox.get(event.target);
    if (!layer) return;
    if (event.target.checked) this._map.addLayer(layer);
    else this._map.removeLayer(layer);
  },

  _onLayerChange(event) {
    // Fires for every feature too; only the catalogue layers themselves have a box.
    const box = this._boxByLayer && this._boxByLayer.get(event.layer);
    if (box) box.checked = event.type === 'layeradd';
  },
});

/** Factory in Leaflet's style: `layerSwitcher({groups, entries, lang}).addTo(map)`. */
export function layerSwitcher(options) {
  return new LayerSwitcher(options);
}
