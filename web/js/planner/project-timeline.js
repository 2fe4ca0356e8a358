// A project's history (GET /api/projects/{id}) in its popup, and a small form for planners to update its
// status, progress and note (PATCH with If-Match and the CSRF token; a 412 reloads and says so). Text only.

import { getLang, pick, t } from '../core/i18n.js';
import { getProject, updateProject } from '../core/api.js';

const STATUSES = ['planned', 'under_way', 'done', 'suspended'];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function statusTitle(def, value) {
  const cls = def.legend?.classes?.find((c) => String(c.value) === String(value));
  return cls ? pick(cls.title, getLang()) : (value ?? '');
}

/** Fills `root` (a popup body) with the project's timeline and, for planners, the update form. */
export function decorateProjectPopup(def, feature, root, { canEdit, onChanged }) {
  const box = el('section', 'xt-timeline');
  box.dataset.project = feature.id;
  box.append(el('h4', 'xt-timeline__title', t('project.history')));
  const list = el('ol', 'xt-timeline__list');
  const status = el('p', 'xt-hint', t('project.loading'));
  status.setAttribute('aria-live', 'polite');
  box.append(list, status);
  root.append(box);
  let etag = null;

  const show = (project) => {
    list.replaceChildren();
    for (const h of project.history) {
      const item = el('li', 'xt-timeline__item');
      const head = [h.at, statusTitle(def, h.status), h.progress_pct != null ? `${h.progress_pct}%` : null, h.by]
        .filter((x) => x !== null && x !== undefined && x !== '').join(' · ');
      item.append(el('span', 'xt-timeline__head', head));
      if (h.note) item.append(el('p', 'xt-timeline__note', h.note));
      list.append(item);
    }
    if (project.history.length === 0) list.append(el('li', 'xt-hint', t('project.empty')));
  };

  const load = async (message = '') => {
    const { project, etag: tag } = await getProject(feature.id);
    etag = tag;
    show(project);
    status.textContent = message;
    return project;
  };

  load().then((project) => {
    if (canEdit()) box.append(form(project));
    box.dataset.loaded = 'true';
  }).catch((error) => {
    status.textContent = t('project.failed', { detail: error.message });
  });

  function form(project) {
    const f = el('form', 'xt-timeline__form');
    f.append(el('h4', 'xt-timeline__title', t('project.update')));
    const select = el('select');
    select.name = 'status';
    for (const s of STATUSES) {
      const o = el('option', '', statusTitle(def, s));
      o.value = s;
      select.append(o);
    }
    select.value = project.properties.status ?? 'planned';
    const progress = el('input');
    Object.assign(progress, { type: 'number', name: 'progress_pct', min: 0, max: 100, step: 1 });
    progress.value = project.properties.progress_pct ?? '';
    const note = el('textarea');
    Object.assign(note, { name: 'note', rows: 2, maxLength: 2000 });
    const labelled = (key, control) => {
      const l = el('label', 'xt-field');
      l.append(el('span', '', t(key)), control);
      return l;
    };
    const save = el('button', 'xt-button xt-button--primary', t('project.save'));
    save.type = 'submit';
    f.append(labelled('project.status', select), labelled('project.progress', progress),
      labelled('project.note', note), save);
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      const change = { status: select.value };
      if (progress.value !== '') change.progress_pct = Number(progress.value);
      if (note.value.trim() !== '') change.note = note.value;
      save.disabled = true;
      try {
        const { project: updated, etag: tag } = await updateProject(feature.id, etag, change);
        etag = tag;
        show(updated);
        note.value = '';
        status.textContent = t('project.saved');
        onChanged(updated);
      } catch (error) {
        if (error.status === 412) {
          const fresh = await load(t('project.conflict'));
          select.value = fresh.properties.status ?? select.value;
          progress.value = fresh.properties.progress_pct ?? '';
        } else {
          status.textContent = t('project.failed', { detail: error.message });
        }
      } finally {
        save.disabled = false;
      }
    });
    return f;
  }
}
