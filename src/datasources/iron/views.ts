import type { SavedViewInput, SavedViewModel, SlaPolicyModel, SourceRef, ViewCountsModel } from '../../model/index.js';
import type { IronSlaConfigJson, IronViewCountsJson, IronViewJson, IronViewsBody } from './view-schemas.js';

/** Pure mapping of Iron's views, view counts and SLA configuration into the model (no calls here). */

/** Iron's saved view; a view Iron calls `builtin` cannot be deleted. Archived threads show only where a view asks for them. */
export function toSavedView(ref: SourceRef, json: IronViewJson): SavedViewModel {
  const f = json.filters;
  return {
    ref,
    upstreamId: json.id.toLowerCase(),
    name: json.name ?? '',
    deletable: json.builtin !== true,
    filter: {
      unread: f?.unread === true ? true : null,
      starred: f?.starred === true ? true : null,
      archived: f?.archived ?? false,
      overdue: f?.overdue === true ? true : null,
      activeWithinDays: f?.recent_days ?? null,
    },
  };
}

/** Iron's counts by view id. */
export function toViewCounts(json: IronViewCountsJson): Map<string, ViewCountsModel> {
  return new Map(json.items.map((item) => [item.view_id.toLowerCase(), { total: item.total, unread: item.unread }]));
}

/** Iron's SLA configuration: one first-response target, no policy names. */
export function toSlaPolicy(json: IronSlaConfigJson): SlaPolicyModel {
  return {
    enabled: json.enabled ?? true,
    name: null,
    firstResponseMinutes: json.first_response_minutes ?? null,
    businessHoursOnly: json.business_hours_only,
  };
}

/** The body of `PUT /conversations/views` for the whole list. */
export function toViewsBody(views: readonly SavedViewInput[]): IronViewsBody {
  return {
    items: views.map((view) => ({
      ...(view.upstreamId ? { id: view.upstreamId } : {}),
      name: view.name,
      // Only the filters the view sets (an unset one is left out, never sent as null).
      filters: {
        archived: view.filter.archived ?? false,
        ...(view.filter.unread ? { unread: true } : {}),
        ...(view.filter.starred ? { starred: true } : {}),
        ...(view.filter.overdue ? { overdue: true } : {}),
        ...(view.filter.activeWithinDays !== null ? { recent_days: view.filter.activeWithinDays } : {}),
      },
    })),
  };
}
