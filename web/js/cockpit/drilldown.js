// Drill-down state (district → town → village, plus year and as-of date) kept in the address bar and history.

import { parseCockpitParams, cockpitSearch, sameCockpitState } from '../core/params.js';

/**
 * Options: `onNavigate(state, {cause})` — called with the new state after every change
 * (cause: "load", "push" or "pop"); the caller loads and renders it.
 * State: {town, village, year, asOf} (null = not set: the district, the API's default year and date).
 * Every user navigation is a history entry (`?town=…&village=…&year=…&asOf=…`, other parameters such
 * as `lang` kept), so the back button walks back up and a URL can be shared.
 */
export class Drilldown {
  constructor({ onNavigate }) {
    this._onNavigate = onNavigate;
    this._state = { town: null, village: null, year: null, asOf: null };
    this._onPop = () => {
      this._state = parseCockpitParams(window.location.search);
      this._onNavigate({ ...this._state }, { cause: 'pop' });
    };
  }

  /** Reads the state from the address bar, starts listening to the back button and navigates to it. */
  start() {
    this._state = parseCockpitParams(window.location.search);
    this._write(this._state, 'replace');
    window.addEventListener('popstate', this._onPop);
    this._onNavigate({ ...this._state }, { cause: 'load' });
  }

  stop() {
    window.removeEventListener('popstate', this._onPop);
  }

  /** The current state (a copy). */
  get state() {
    return { ...this._state };
  }

  toDistrict() {
    this._go({ ...this._state, town: null, village: null });
  }

  toTown(code) {
    this._go({ ...this._state, town: code, village: null });
  }

  toVillage(code, townCode = null) {
    this._go({ ...this._state, town: townCode ?? this._state.town, village: code });
  }

  /** The district with the API's default year and date. */
  reset() {
    this._go({ town: null, village: null, year: null, asOf: null });
  }

  /** Goes to a breadcrumb entry of scope.path ({level, code}). */
  toScope({ level, code }) {
    if (level === 'village') this.toVillage(code);
    else if (level === 'town') this.toTown(code);
    else this.toDistrict();
  }

  /** A new income year and/or as-of date; `undefined` keeps, null resets to the API's default. */
  setPeriod({ year, asOf }) {
    this._go({
      ...this._state,
      year: year === undefined ? this._state.year : year,
      asOf: asOf === undefined ? this._state.asOf : asOf,
    });
  }

  /**
   * Completes the address bar from a dashboard scope without a new history entry (e.g. ?village=… alone
   * gains its town), so the URL always names the whole path.
   */
  settle(scope) {
    if (!scope || !Array.isArray(scope.path)) return;
    const town = scope.path.find((p) => p.level === 'town');
    if (scope.level === 'village' && town && this._state.town !== town.code) {
      this._state = { ...this._state, town: town.code };
      this._write(this._state, 'replace');
    }
  }

  _go(next) {
    if (sameCockpitState(next, this._state)) return;
    this._state = next;
    this._write(next, 'push');
    this._onNavigate({ ...next }, { cause: 'push' });
  }

  _write(state, mode) {
    const search = cockpitSearch(state, window.location.search);
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (mode === 'push') window.history.pushState({ cockpit: state }, '', url);
    else window.history.replaceState({ cockpit: state }, '', url);
  }
}
