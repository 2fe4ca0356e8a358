// The map's attribution line with the synthetic-data note in the interface language (swapped in place when
// the language changes), for every page with a Leaflet map.

import { control } from 'leaflet';
import { t } from '../core/i18n.js';

export class SyntheticAttribution {
  /** Adds a Leaflet attribution control (`options` as Leaflet's, e.g. its prefix) with the note. */
  constructor(map, options = {}) {
    this.control = control.attribution(options).addTo(map);
    this._text = '';
    this.setLang();
  }

  /** Writes the note again in `lang` (default: the current language). */
  setLang(lang) {
    if (this._text) this.control.removeAttribution(this._text);
    this._text = t('attribution.synthetic', {}, lang);
    this.control.addAttribution(this._text);
  }
}
