/* kasir-sync-notifier.c — banner and toasts that follow the sync service.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-connection-badge.h"
#include "kasir-sync-notifier.h"

/* A failing server would otherwise toast on every retry. */
#define FAILURE_TOAST_INTERVAL (5 * G_TIME_SPAN_MINUTE)

struct _KasirSyncNotifier
{
  GObject           parent_instance;

  GWeakRef          window;
  GWeakRef          service;
  guint             warning_hours;
  guint             tick_id;

  gboolean          was_online;
  gboolean          cut_off;        /* offline or unreachable since the last online */
  guint             synced_since;   /* sale-synced signals since being cut off */
  gint64            last_failure_toast;
  gboolean          warning;
  gboolean          conflict_toasts;
  char             *last_toast;
};

G_DEFINE_FINAL_TYPE (KasirSyncNotifier, kasir_sync_notifier, G_TYPE_OBJECT)

enum {
  TOAST_SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (KasirSyncNotifier *self,
            const char        *text)
{
  g_autoptr(KasirWindow) window = g_weak_ref_get (&self->window);
  AdwToast *toast;

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  g_signal_emit (self, signals[TOAST_SHOWN], 0, text);
  if (window == NULL)
    return;

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  kasir_window_add_toast (window, toast);
}

static void
update_banner (KasirSyncNotifier *self,
               KasirSyncService  *service)
{
  g_autoptr(KasirWindow) window = g_weak_ref_get (&self->window);
  KasirSyncStatus status = kasir_sync_service_get_state (service);
  gboolean offline = status == KASIR_SYNC_STATUS_OFFLINE ||
                     status == KASIR_SYNC_STATUS_UNREACHABLE;
  GDateTime *since = kasir_sync_service_get_offline_since (service);
  gboolean warning = FALSE;
  g_autofree char *text = NULL;

  if (offline && since != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span = g_date_time_difference (now, since);

      warning = span >= (GTimeSpan) self->warning_hours * G_TIME_SPAN_HOUR;
      if (warning)
        {
          g_autofree char *duration = kasir_format_duration (span);
          gint64 pending = kasir_sync_service_get_pending_count (service);

          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "No contact with the server for %s. %" PRId64
                                               " change is kept only on this computer. Check the "
                                               "network cable or Wi-Fi, or call your manager.",
                                               "No contact with the server for %s. %" PRId64
                                               " changes are kept only on this computer. Check the "
                                               "network cable or Wi-Fi, or call your manager.",
                                               pending),
                                  duration, pending);
        }
    }
  /* NULL leaves the window's own offline notice. */
  if (text == NULL && status == KASIR_SYNC_STATUS_UNREACHABLE)
    text = g_strdup (_("The server does not answer. Sales are saved on this computer and sent "
                       "when it can be reached again."));

  self->warning = warning;
  if (window == NULL)
    return;

  kasir_window_set_offline_text (window, text);
  kasir_window_set_offline_warning (window, warning);
  kasir_window_set_offline (window, offline);
}

static void
on_state_changed (KasirSyncService  *service,
                  GParamSpec        *pspec,
                  KasirSyncNotifier *self)
{
  KasirSyncStatus status = kasir_sync_service_get_state (service);

  if (status == KASIR_SYNC_STATUS_ONLINE)
    self->was_online = TRUE;

  /* The first heartbeat after starting is not a return from being cut off. */
  if ((status == KASIR_SYNC_STATUS_OFFLINE || status == KASIR_SYNC_STATUS_UNREACHABLE) &&
      self->was_online)
    {
      if (!self->cut_off)
        {
          self->cut_off = TRUE;
          self->synced_since = 0;
        }
    }
  else if (self->cut_off && status == KASIR_SYNC_STATUS_ONLINE &&
           kasir_sync_service_get_idle (service) &&
           kasir_sync_service_get_pending_count (service) == 0)
    {
      g_autofree char *text = NULL;

      /* Only once the backlog has gone out does "back online" tell the whole story. */
      self->cut_off = FALSE;
      if (self->synced_since > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Back online — %u sale synced",
                                             "Back online — %u sales synced",
                                             self->synced_since),
                                self->synced_since);
      else
        text = g_strdup (_("Back online"));
      self->synced_since = 0;
      show_toast (self, text);
    }

  update_banner (self, service);
}

static void
on_sale_synced (KasirSyncService  *service,
                const char        *receipt_no,
                KasirSyncNotifier *self)
{
  if (self->cut_off)
    self->synced_since++;
}

static void
on_sync_failed (KasirSyncService  *service,
                const char        *message,
                KasirSyncNotifier *self)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *text = NULL;

  /* Being offline is already shown by the banner; a toast would only repeat it. */
  if (self->cut_off)
    return;
  if (self->last_failure_toast != 0 && now - self->last_failure_toast < FAILURE_TOAST_INTERVAL)
    return;
  self->last_failure_toast = now;
  text = g_strdup_printf (_("Sync failed: %s"), message != NULL ? message : "");
  show_toast (self, text);
}

static void
on_conflicts_arrived (KasirSyncService  *service,
                      guint              count,
                      KasirSyncNotifier *self)
{
  g_autofree char *text = NULL;

  if (count == 0 || !self->conflict_toasts)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new conflict to review",
                                       "%u new conflicts to review", count), count);
  show_toast (self, text);
}

static gboolean
on_tick (gpointer user_data)
{
  kasir_sync_notifier_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
kasir_sync_notifier_finalize (GObject *object)
{
  KasirSyncNotifier *self = KASIR_SYNC_NOTIFIER (object);
  g_autoptr(KasirSyncService) service = g_weak_ref_get (&self->service);

  if (service != NULL)
    g_signal_handlers_disconnect_by_data (service, self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_weak_ref_clear (&self->window);
  g_weak_ref_clear (&self->service);
  g_free (self->last_toast);

  G_OBJECT_CLASS (kasir_sync_notifier_parent_class)->finalize (object);
}

static void
kasir_sync_notifier_class_init (KasirSyncNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_sync_notifier_finalize;

  /* Every toast's text, as it is shown. */
  signals[TOAST_SHOWN] =
    g_signal_new ("toast-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kasir_sync_notifier_init (KasirSyncNotifier *self)
{
  self->warning_hours = 24;
  self->conflict_toasts = TRUE;
  g_weak_ref_init (&self->window, NULL);
  g_weak_ref_init (&self->service, NULL);
}

KasirSyncNotifier *
kasir_sync_notifier_new (KasirWindow      *window,
                         KasirSyncService *service)
{
  KasirSyncNotifier *self;

  g_return_val_if_fail (KASIR_IS_WINDOW (window), NULL);
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (service), NULL);

  self = g_object_new (KASIR_TYPE_SYNC_NOTIFIER, NULL);
  g_weak_ref_set (&self->window, window);
  g_weak_ref_set (&self->service, service);

  g_signal_connect (service, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect (service, "notify::idle", G_CALLBACK (on_state_changed), self);
  g_signal_connect (service, "notify::pending-count", G_CALLBACK (on_state_changed), self);
  g_signal_connect (service, "sale-synced", G_CALLBACK (on_sale_synced), self);
  g_signal_connect (service, "sync-failed", G_CALLBACK (on_sync_failed), self);
  g_signal_connect (service, "conflicts-arrived", G_CALLBACK (on_conflicts_arrived), self);
  self->tick_id = g_timeout_add_seconds (60, on_tick, self);

  on_state_changed (service, NULL, self);

  return self;
}

void
kasir_sync_notifier_set_warning_hours (KasirSyncNotifier *self,
                                       guint              hours)
{
  g_return_if_fail (KASIR_IS_SYNC_NOTIFIER (self));

  self->warning_hours = hours;
  kasir_sync_notifier_refresh (self);
}

void
kasir_sync_notifier_set_conflict_toasts (KasirSyncNotifier *self,
                                         gboolean           enabled)
{
  g_return_if_fail (KASIR_IS_SYNC_NOTIFIER (self));

  self->conflict_toasts = !!enabled;
}

gboolean
kasir_sync_notifier_get_warning (KasirSyncNotifier *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_NOTIFIER (self), FALSE);

  return self->warning;
}

const char *
kasir_sync_notifier_get_last_toast (KasirSyncNotifier *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_NOTIFIER (self), NULL);

  return self->last_toast;
}

void
kasir_sync_notifier_refresh (KasirSyncNotifier *self)
{
  g_autoptr(KasirSyncService) service = NULL;

  g_return_if_fail (KASIR_IS_SYNC_NOTIFIER (self));

  service = g_weak_ref_get (&self->service);
  if (service != NULL)
    update_banner (self, service);
}
