/* kasir-sync-service.c — see the header.
 *
 * The coordinator. What to do next is decided by the state machine
 * (kasir-sync-machine.c, one table); a sync is a run of a snapshot of the counts, a push
 * (kasir-push-run.c), a pull (kasir-pull-run.c) and the pruning of acknowledged changes,
 * each database step in the one serial worker (kasir-sync-worker.c); who this till is
 * lives in kasir-terminal-identity.c. This file wires them to the timers, the network
 * monitor and the properties people see.
 *
 * Exactly once. The service never decides on its own that a mutation arrived: a mutation
 * leaves the outbox's unsent set only in the transaction that records the server's answer
 * for it. A crash before that transaction means the batch is sent again, and the server
 * answers the stored results for seqs it already applied (DESIGN.md, push). A crash after
 * it loses nothing. Pull pages are written together with their cursor, so an interrupted
 * pull resumes from the last page written.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kasir-sync-service-private.h"

#define DEFAULT_HEARTBEAT_SECONDS  30
#define DEFAULT_SYNC_SECONDS       60
#define DEFAULT_BATCH_SIZE         200
#define PULL_PAGE_SIZE             KASIR_PROTOCOL_MAX_CHANGES

G_DEFINE_ENUM_TYPE (KasirSyncStatus, kasir_sync_status,
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_STANDALONE, "standalone"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_ATTENTION, "attention"))

G_DEFINE_FINAL_TYPE (KasirSyncService, kasir_sync_service, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_kasir_sync_service_notify (KasirSyncService *self,
                            guint             prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_kasir_sync_service_emit (KasirSyncService *self,
                          guint             signal,
                          ...)
{
  va_list args;

  va_start (args, signal);
  g_signal_emit_valist (self, signals[signal], 0, args);
  va_end (args);
}

/* ---- Properties people see ---- */

gboolean
_kasir_sync_service_is_stopped (KasirSyncService *self)
{
  return kasir_sync_machine_get_link (self->machine) == KASIR_SYNC_LINK_STOPPED;
}

void
_kasir_sync_service_update_state (KasirSyncService *self)
{
  KasirSyncStatus state = kasir_sync_machine_get_status (self->machine);
  gboolean cut_off = state == KASIR_SYNC_STATUS_OFFLINE || state == KASIR_SYNC_STATUS_UNREACHABLE;

  if (cut_off && self->offline_since == NULL)
    {
      self->offline_since = g_date_time_new_now_utc ();
      _kasir_sync_service_notify (self, PROP_OFFLINE_SINCE);
    }
  else if (!cut_off && self->offline_since != NULL && state != KASIR_SYNC_STATUS_STANDALONE)
    {
      g_clear_pointer (&self->offline_since, g_date_time_unref);
      _kasir_sync_service_notify (self, PROP_OFFLINE_SINCE);
    }

  if (state != self->state)
    {
      g_debug ("Sync state %s → %s",
               g_enum_get_value (g_type_class_peek (KASIR_TYPE_SYNC_STATUS), self->state)->value_nick,
               g_enum_get_value (g_type_class_peek (KASIR_TYPE_SYNC_STATUS), state)->value_nick);
      self->state = state;
      _kasir_sync_service_notify (self, PROP_STATE);
    }
}

void
_kasir_sync_service_set_last_error (KasirSyncService *self,
                const char       *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  _kasir_sync_service_notify (self, PROP_LAST_ERROR);
}

void
_kasir_sync_service_set_progress (KasirSyncService *self,
              double            progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (progress == self->progress)
    return;

  self->progress = progress;
  _kasir_sync_service_notify (self, PROP_PROGRESS);
}

void
_kasir_sync_service_set_count (KasirSyncService *self,
           gint64           *field,
           gint64            value,
           guint             prop)
{
  if (*field == value)
    return;

  *field = value;
  if (prop == PROP_REJECTED_COUNT)
    kasir_sync_machine_set_rejected (self->machine, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* ---- Public API ---- */

void
kasir_sync_service_configure (KasirSyncService *self,
                              KasirSyncClient  *client,
                              gint64            terminal_id)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (client));
  g_return_if_fail (terminal_id > 0);

  if (_kasir_sync_service_is_stopped (self))
    return;

  g_set_object (&self->client, client);
  kasir_sync_client_set_timeout (client, self->request_timeout);
  kasir_terminal_identity_forget_key (self->identity);
  self->terminal_id = terminal_id;
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_CONFIGURE);
}

void
kasir_sync_service_outbox_changed (KasirSyncService *self)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  if (_kasir_sync_service_is_stopped (self))
    return;

  _kasir_sync_service_refresh_counts (self);
  _kasir_sync_service_outbox_debounce (self);
}

void
kasir_sync_service_sync_now (KasirSyncService *self)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  /* A person asked: try even if the last heartbeat failed, and clear an auth refusal so
   * a fixed server configuration is noticed. */
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_SYNC_NOW);
}

void
kasir_sync_service_shutdown (KasirSyncService *self)
{
  GMainContext *context;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  if (self->machine == NULL || _kasir_sync_service_is_stopped (self))
    return;

  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_SHUTDOWN);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);

  /* The database worker works through its queue (cancelled jobs do not run) and ends. */
  if (self->worker != NULL)
    kasir_sync_worker_stop (self->worker);

  /* The key registration talks to the server on a thread and connection of its own; it
   * was cancelled above and ends quickly, but only its callback on this context says so. */
  context = g_main_context_ref_thread_default ();
  while (self->identity != NULL && kasir_terminal_identity_is_busy (self->identity))
    g_main_context_iteration (context, TRUE);
  g_main_context_unref (context);
}

/* ---- Loading and enrolling ---- */

static void
on_identity_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KasirSyncService *self = g_task_get_source_object (task);
  g_autoptr(KasirSyncClient) client = NULL;
  GError *error = NULL;
  gint64 terminal_id;
  gboolean token_missing;

  client = kasir_terminal_identity_load_finish (self->identity, result, &terminal_id,
                                                &token_missing, &error);
  if (client == NULL && error != NULL)
    {
      /* The stored address is not allowed: say so on the badge; selling goes on,
       * nothing is sent. */
      if (error->domain == KASIR_SYNC_ERROR)
        {
          _kasir_sync_service_set_last_error (self, error->message);
          _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_URL_REFUSED);
        }
      g_task_return_error (task, error);
      return;
    }

  if (client != NULL)
    {
      kasir_sync_service_configure (self, client, terminal_id);
      /* Enrolled, but the keyring lost the token: say so instead of failing in silence. */
      if (token_missing)
        {
          _kasir_sync_service_set_last_error (self, _("This terminal’s access token is missing; enroll it again"));
          _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_TOKEN_MISSING);
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
kasir_sync_service_load_async (KasirSyncService    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_service_load_async);
  kasir_terminal_identity_load_async (self->identity, cancellable, on_identity_loaded, task);
}

gboolean
kasir_sync_service_load_finish (KasirSyncService  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_identity_enrolled (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KasirSyncService *self = g_task_get_source_object (task);
  g_autoptr(KasirSyncClient) client = NULL;
  GError *error = NULL;
  char *name = NULL;
  gint64 terminal_id;

  client = kasir_terminal_identity_enroll_finish (self->identity, result, &terminal_id, &name, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  kasir_sync_service_configure (self, client, terminal_id);
  g_task_return_pointer (task, name, g_free);
}

void
kasir_sync_service_enroll_async (KasirSyncService    *self,
                                 const char          *server_url,
                                 const char          *code,
                                 const char          *terminal_name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));
  g_return_if_fail (server_url != NULL && code != NULL && terminal_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_service_enroll_async);
  kasir_terminal_identity_enroll_async (self->identity, server_url, code, terminal_name,
                                        cancellable, on_identity_enrolled, task);
}

gboolean
kasir_sync_service_enroll_finish (KasirSyncService  *self,
                                  GAsyncResult      *result,
                                  char             **out_name,
                                  GError           **error)
{
  char *name;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  name = g_task_propagate_pointer (G_TASK (result), error);
  if (out_name != NULL)
    *out_name = name;
  else
    g_free (name);
  return name != NULL;
}

/* ---- Certificates ---- */

const char *
kasir_sync_service_get_server_fingerprint (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), NULL);

  return self->client != NULL ? kasir_sync_client_get_pinned_fingerprint (self->client) : NULL;
}

const char *
kasir_sync_service_get_offered_fingerprint (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), NULL);

  return kasir_sync_service_get_certificate_changed (self) ? self->offered_fingerprint : NULL;
}

gboolean
kasir_sync_service_get_certificate_changed (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), FALSE);

  return kasir_sync_machine_get_link (self->machine) == KASIR_SYNC_LINK_CERT_CHANGED;
}

gboolean
kasir_sync_service_get_revoked (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), FALSE);

  return kasir_sync_machine_get_link (self->machine) == KASIR_SYNC_LINK_REVOKED;
}

static void
on_trusted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KasirSyncService *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!kasir_terminal_identity_trust_finish (self->identity, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_CERT_TRUSTED);
  g_task_return_boolean (task, TRUE);
}

void
kasir_sync_service_trust_new_certificate_async (KasirSyncService    *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_service_trust_new_certificate_async);
  if (!kasir_sync_service_get_certificate_changed (self) || self->offered_fingerprint == NULL ||
      self->client == NULL)
    {
      g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REFUSED,
                               _("The server’s certificate has not changed"));
      g_object_unref (task);
      return;
    }
  kasir_terminal_identity_trust_async (self->identity, self->client, self->offered_fingerprint,
                                       cancellable, on_trusted, task);
}

gboolean
kasir_sync_service_trust_new_certificate_finish (KasirSyncService  *self,
                                                 GAsyncResult      *result,
                                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Getters ---- */

KasirSyncStatus
kasir_sync_service_get_state (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), KASIR_SYNC_STATUS_STANDALONE);
  return self->state;
}

KasirSyncClient *
kasir_sync_service_get_client (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), NULL);
  return self->client;
}

gint64
kasir_sync_service_get_pending_count (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), 0);
  return self->pending_count;
}

gint64
kasir_sync_service_get_rejected_count (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), 0);
  return self->rejected_count;
}

gint64
kasir_sync_service_get_open_conflict_count (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), 0);
  return self->open_conflict_count;
}

GDateTime *
kasir_sync_service_get_last_sync_time (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), NULL);
  return self->last_sync_time;
}

GDateTime *
kasir_sync_service_get_offline_since (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), NULL);
  return self->offline_since;
}

const char *
kasir_sync_service_get_last_error (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), NULL);
  return self->last_error;
}

void
kasir_sync_service_get_pull_timings (KasirSyncService *self,
                                     KasirPullTimings *out)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));
  g_return_if_fail (out != NULL);
  *out = self->pull_timings;
}

double
kasir_sync_service_get_progress (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), 0.0);
  return self->progress;
}

gboolean
kasir_sync_service_get_idle (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), TRUE);
  return kasir_sync_machine_get_run (self->machine) == KASIR_SYNC_RUN_IDLE;
}

/* ---- GObject ---- */

static void
set_interval (KasirSyncService *self,
              guint            *field,
              guint             value,
              guint             prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);

  if (prop == PROP_SYNC_INTERVAL)
    _kasir_sync_service_restart_periodic (self);
  else if (prop == PROP_HEARTBEAT_INTERVAL && self->client != NULL)
    {
      self->heartbeat_current = value;
      _kasir_sync_service_schedule_heartbeat (self, value);
    }
}

static void
kasir_sync_service_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_int64 (value, self->pending_count);
      break;
    case PROP_REJECTED_COUNT:
      g_value_set_int64 (value, self->rejected_count);
      break;
    case PROP_OPEN_CONFLICT_COUNT:
      g_value_set_int64 (value, self->open_conflict_count);
      break;
    case PROP_LAST_SYNC_TIME:
      g_value_set_boxed (value, self->last_sync_time);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_boxed (value, self->offline_since);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_HEARTBEAT_INTERVAL:
      g_value_set_uint (value, self->heartbeat_interval);
      break;
    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_IDLE:
      g_value_set_boolean (value, kasir_sync_service_get_idle (self));
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_PULL_PAGE_SIZE:
      g_value_set_uint (value, self->pull_page_size);
      break;
    case PROP_CERTIFICATE_CHANGED:
      g_value_set_boolean (value, kasir_sync_service_get_certificate_changed (self));
      break;
    case PROP_REVOKED:
      g_value_set_boolean (value, kasir_sync_service_get_revoked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_sync_service_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_HEARTBEAT_INTERVAL:
      set_interval (self, &self->heartbeat_interval, g_value_get_uint (value),
                    PROP_HEARTBEAT_INTERVAL);
      break;
    case PROP_SYNC_INTERVAL:
      set_interval (self, &self->sync_interval, g_value_get_uint (value), PROP_SYNC_INTERVAL);
      break;
    case PROP_BATCH_SIZE:
      if (self->batch_size != g_value_get_uint (value))
        {
          self->batch_size = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_REQUEST_TIMEOUT:
      if (self->request_timeout != g_value_get_uint (value))
        {
          self->request_timeout = g_value_get_uint (value);
          if (self->client != NULL)
            kasir_sync_client_set_timeout (self->client, self->request_timeout);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PULL_PAGE_SIZE:
      if (self->pull_page_size != g_value_get_uint (value))
        {
          self->pull_page_size = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_sync_service_dispose (GObject *object)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);

  kasir_sync_service_shutdown (self);
  g_clear_object (&self->client);
  g_clear_object (&self->monitor);
  g_clear_object (&self->identity);
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (kasir_sync_service_parent_class)->dispose (object);
}

static void
kasir_sync_service_finalize (GObject *object)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_sync_time, g_date_time_unref);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->offered_fingerprint, g_free);
  g_clear_pointer (&self->machine, kasir_sync_machine_free);

  G_OBJECT_CLASS (kasir_sync_service_parent_class)->finalize (object);
}

static void
kasir_sync_service_class_init (KasirSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = kasir_sync_service_get_property;
  object_class->set_property = kasir_sync_service_set_property;
  object_class->dispose = kasir_sync_service_dispose;
  object_class->finalize = kasir_sync_service_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KASIR_TYPE_SYNC_STATUS,
                       KASIR_SYNC_STATUS_STANDALONE, ro);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_int64 ("pending-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_REJECTED_COUNT] =
    g_param_spec_int64 ("rejected-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_OPEN_CONFLICT_COUNT] =
    g_param_spec_int64 ("open-conflict-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_SYNC_TIME] =
    g_param_spec_boxed ("last-sync-time", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_boxed ("offline-since", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_HEARTBEAT_INTERVAL] =
    g_param_spec_uint ("heartbeat-interval", NULL, NULL, 1, 3600,
                       DEFAULT_HEARTBEAT_SECONDS, rw);
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL, 1, 86400, DEFAULT_SYNC_SECONDS, rw);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, KASIR_PROTOCOL_MAX_MUTATIONS,
                       DEFAULT_BATCH_SIZE, rw);
  properties[PROP_IDLE] =
    g_param_spec_boolean ("idle", NULL, NULL, TRUE, ro);
  /* Seconds a whole request may take before it counts as failed. */
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 1, 600, 15, rw);
  /* Changes asked for per pull request. */
  properties[PROP_PULL_PAGE_SIZE] =
    g_param_spec_uint ("pull-page-size", NULL, NULL, 1, KASIR_PROTOCOL_MAX_CHANGES,
                       PULL_PAGE_SIZE, rw);
  /* The server showed another certificate than the pinned one; nothing is sent until a
   * manager trusts it (kasir_sync_service_trust_new_certificate_async()). */
  properties[PROP_CERTIFICATE_CHANGED] =
    g_param_spec_boolean ("certificate-changed", NULL, NULL, FALSE, ro);
  /* The server revoked this till: it stops syncing and keeps its outbox for export. */
  properties[PROP_REVOKED] =
    g_param_spec_boolean ("revoked", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A sale the server has acknowledged; the argument is its receipt number. */
  signals[SALE_SYNCED] =
    g_signal_new ("sale-synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* New conflicts arrived through pull; the argument is how many. */
  signals[CONFLICTS_ARRIVED] =
    g_signal_new ("conflicts-arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A sync attempt failed; the argument is a message for people. */
  signals[SYNC_FAILED] =
    g_signal_new ("sync-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The open orders this till lists changed: fetched from the server after a sync and
   * kept, or counted again after this till wrote to its outbox (it sent, paid or
   * cancelled an order); the argument is how many this till lists now (its own and the
   * other tills'). */
  signals[ORDERS_CHANGED] =
    g_signal_new ("orders-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
kasir_sync_service_init (KasirSyncService *self)
{
  self->machine = kasir_sync_machine_new (FALSE);
  self->cancellable = g_cancellable_new ();
  self->open_order_count = -1;
  self->heartbeat_interval = DEFAULT_HEARTBEAT_SECONDS;
  self->heartbeat_current = DEFAULT_HEARTBEAT_SECONDS;
  self->sync_interval = DEFAULT_SYNC_SECONDS;
  self->batch_size = DEFAULT_BATCH_SIZE;
  self->push_limit = G_MAXUINT;
  self->request_timeout = 15;
  self->pull_page_size = PULL_PAGE_SIZE;
  self->state = KASIR_SYNC_STATUS_STANDALONE;
}

KasirSyncService *
kasir_sync_service_new (KasirDatabase    *database,
                        GNetworkMonitor  *monitor,
                        GError          **error)
{
  g_autoptr(KasirSyncService) self = NULL;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (KASIR_TYPE_SYNC_SERVICE, NULL);
  self->worker = kasir_sync_worker_new (database, error);
  if (self->worker == NULL)
    return NULL;
  self->identity = kasir_terminal_identity_new (self->worker, database);

  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());
  if (g_network_monitor_get_network_available (self->monitor))
    kasir_sync_machine_handle (self->machine, KASIR_SYNC_EVENT_NETWORK_UP);
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (_kasir_sync_service_on_network_changed), self);

  return g_steal_pointer (&self);
}
