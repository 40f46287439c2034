/* kasir-sync-service.c — see the header.
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

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-cert-pin.h"
#include "kasir-key-store.h"
#include "kasir-outbox-transfer.h"
#include "kasir-sync-history-repository.h"
#include "kasir-sync-repository.h"
#include "kasir-sync-service.h"
#include "kasir-sync-state-repository.h"

#define DEFAULT_HEARTBEAT_SECONDS  30
#define DEFAULT_SYNC_SECONDS       60
#define DEFAULT_BATCH_SIZE         200
#define PULL_PAGE_SIZE             KASIR_PROTOCOL_MAX_CHANGES
#define DEBOUNCE_MS                1000
#define MAX_HEARTBEAT_BACKOFF      8     /* times the interval, and never above 5 minutes */
#define MAX_HEARTBEAT_SECONDS      300
#define MAX_RETRY_MS               60000
#define FAILURES_FOR_ATTENTION     5

G_DEFINE_ENUM_TYPE (KasirSyncStatus, kasir_sync_status,
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_STANDALONE, "standalone"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (KASIR_SYNC_STATUS_ATTENTION, "attention"))

struct _KasirSyncService
{
  GObject           parent_instance;

  KasirDatabase    *worker;          /* used only inside worker threads, under worker_lock */
  GMutex            worker_lock;
  GNetworkMonitor  *monitor;
  gulong            network_changed_id;
  KasirSyncClient  *client;
  gint64            terminal_id;
  GCancellable     *cancellable;

  /* What the service knows. The state property is derived from these. */
  gboolean          network_available;
  gboolean          reachable;
  gboolean          syncing;
  gboolean          auth_refused;
  gboolean          certificate_changed; /* the server showed another certificate */
  gboolean          revoked;           /* the server revoked this till's token */
  gboolean          url_refused;       /* the stored address is not allowed (plain http) */
  char             *offered_fingerprint; /* the certificate shown instead of the pinned one */
  gboolean          sync_again;
  gboolean          shut_down;
  guint             consecutive_failures;
  guint             retry_attempt;
  gint64            cursor;
  gint64            pulled_rows;
  gint64            pull_started_us;
  gint64            sync_started_us;   /* wall clock, for the sync history */
  gint64            pushed_count;      /* mutations answered in this sync */
  gboolean          key_registered;    /* the export signing key is on the server */
  gboolean          key_registering;
  GQueue            pull_queue;        /* fetched pages waiting to be written */
  gint64            pull_fetch_cursor; /* where the next fetch starts */
  gint64            pull_start_cursor; /* where this pull began, for progress */
  GQueue            pull_slots;        /* fetches on the wire, in cursor order */
  guint             pull_in_flight;
  gboolean          pull_next_known;   /* pull_fetch_cursor is where the next page starts */
  gboolean          pull_applying;
  gboolean          pull_fetched_all;
  gboolean          pull_reset_pending;
  GError           *pull_error;

  /* Properties. */
  KasirSyncStatus    state;
  gint64            pending_count;
  gint64            rejected_count;
  gint64            open_conflict_count;
  GDateTime        *last_sync_time;
  GDateTime        *offline_since;
  char             *last_error;
  double            progress;
  guint             heartbeat_interval;
  guint             sync_interval;
  guint             batch_size;
  guint             push_limit;     /* below batch_size after a push was too large */
  guint             request_timeout;
  guint             pull_page_size;

  guint             heartbeat_id;
  guint             heartbeat_current;
  gboolean          heartbeat_running;
  guint             periodic_id;
  guint             debounce_id;
  guint             retry_id;
};

G_DEFINE_FINAL_TYPE (KasirSyncService, kasir_sync_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_REJECTED_COUNT,
  PROP_OPEN_CONFLICT_COUNT,
  PROP_LAST_SYNC_TIME,
  PROP_OFFLINE_SINCE,
  PROP_LAST_ERROR,
  PROP_PROGRESS,
  PROP_HEARTBEAT_INTERVAL,
  PROP_SYNC_INTERVAL,
  PROP_BATCH_SIZE,
  PROP_IDLE,
  PROP_REQUEST_TIMEOUT,
  PROP_PULL_PAGE_SIZE,
  PROP_CERTIFICATE_CHANGED,
  PROP_REVOKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SALE_SYNCED,
  CONFLICTS_ARRIVED,
  SYNC_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void maybe_start_sync   (KasirSyncService *self);
static void push_next_batch    (KasirSyncService *self);
static void pull_next_page     (KasirSyncService *self);
static void schedule_heartbeat (KasirSyncService *self,
                                guint             seconds);

/* ---- Derived state ---- */

static KasirSyncStatus
compute_state (KasirSyncService *self)
{
  if (self->client == NULL)
    return self->url_refused ? KASIR_SYNC_STATUS_ATTENTION : KASIR_SYNC_STATUS_STANDALONE;
  if (self->revoked)
    return KASIR_SYNC_STATUS_ATTENTION;
  if (!self->network_available)
    return KASIR_SYNC_STATUS_OFFLINE;
  if (self->auth_refused || self->certificate_changed)
    return KASIR_SYNC_STATUS_ATTENTION;
  if (!self->reachable)
    return KASIR_SYNC_STATUS_UNREACHABLE;
  if (self->syncing)
    return KASIR_SYNC_STATUS_SYNCING;
  if (self->rejected_count > 0 || self->consecutive_failures >= FAILURES_FOR_ATTENTION)
    return KASIR_SYNC_STATUS_ATTENTION;

  return KASIR_SYNC_STATUS_ONLINE;
}

static void
update_state (KasirSyncService *self)
{
  KasirSyncStatus state = compute_state (self);
  gboolean cut_off = state == KASIR_SYNC_STATUS_OFFLINE || state == KASIR_SYNC_STATUS_UNREACHABLE;

  if (cut_off && self->offline_since == NULL)
    {
      self->offline_since = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
    }
  else if (!cut_off && self->offline_since != NULL && state != KASIR_SYNC_STATUS_STANDALONE)
    {
      g_clear_pointer (&self->offline_since, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
    }

  if (state != self->state)
    {
      g_debug ("Sync state %s → %s",
               g_enum_get_value (g_type_class_peek (KASIR_TYPE_SYNC_STATUS), self->state)->value_nick,
               g_enum_get_value (g_type_class_peek (KASIR_TYPE_SYNC_STATUS), state)->value_nick);
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_last_error (KasirSyncService *self,
                const char       *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_progress (KasirSyncService *self,
              double            progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (progress == self->progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_count (KasirSyncService *self,
           gint64           *field,
           gint64            value,
           guint             prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* ---- Database work in threads ---- */

typedef gpointer (*DbFunc) (KasirDatabase *db,
                            gpointer       data,
                            GError       **error);

typedef struct
{
  DbFunc          func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} DbOp;

static void
db_op_free (DbOp *op)
{
  if (op->data_free != NULL && op->data != NULL)
    op->data_free (op->data);
  g_free (op);
}

static void
db_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  KasirSyncService *self = source_object;
  DbOp *op = task_data;
  GError *error = NULL;
  gpointer result;

  g_mutex_lock (&self->worker_lock);
  result = op->func (self->worker, op->data, &error);
  g_mutex_unlock (&self->worker_lock);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, op->result_free);
}

static void
run_db (KasirSyncService    *self,
        DbFunc               func,
        gpointer             data,
        GDestroyNotify       data_free,
        GDestroyNotify       result_free,
        GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, NULL);
  DbOp *op = g_new0 (DbOp, 1);

  op->func = func;
  op->data = data;
  op->data_free = data_free;
  op->result_free = result_free;
  g_task_set_source_tag (task, run_db);
  g_task_set_task_data (task, op, (GDestroyNotify)db_op_free);
  g_task_run_in_thread (task, db_thread);
}

/* Returns the op's result or NULL with @error; a cancelled op (shutdown) sets @error too. */
static gpointer
db_finish (GAsyncResult  *result,
           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

#define DB_OK GINT_TO_POINTER (1)

/* ---- Counts ---- */

typedef struct
{
  KasirSyncCounts counts;
  gint64          cursor;
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  kasir_sync_counts_clear (&s->counts);
  g_free (s);
}

static gpointer
op_snapshot (KasirDatabase  *db,
             gpointer        data,
             GError        **error)
{
  Snapshot *s = g_new0 (Snapshot, 1);
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSyncState) state = NULL;

  if (!kasir_sync_repository_counts (db, &s->counts, error))
    {
      snapshot_free (s);
      return NULL;
    }

  state = kasir_sync_state_repository_load (repo, error);
  if (state == NULL)
    {
      snapshot_free (s);
      return NULL;
    }
  s->cursor = state->cursor;

  return s;
}

static void
apply_snapshot (KasirSyncService *self,
                Snapshot         *s)
{
  set_count (self, &self->pending_count, s->counts.unsent, PROP_PENDING_COUNT);
  set_count (self, &self->rejected_count, s->counts.rejected, PROP_REJECTED_COUNT);
  set_count (self, &self->open_conflict_count, s->counts.open_conflicts,
             PROP_OPEN_CONFLICT_COUNT);
  update_state (self);
}

static void
on_counts_refreshed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  Snapshot *s = db_finish (result, &error);

  if (s == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the outbox: %s", error->message);
      return;
    }

  apply_snapshot (self, s);
  snapshot_free (s);
}

static void
refresh_counts (KasirSyncService *self)
{
  run_db (self, op_snapshot, NULL, NULL, (GDestroyNotify)snapshot_free, on_counts_refreshed);
}

/* ---- Ending a sync ---- */

static void
on_key_registered (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;

  self->key_registering = FALSE;
  if (kasir_outbox_transfer_register_key_finish (result, &error))
    self->key_registered = TRUE;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not register the export signing key yet: %s", error->message);
}

/* Once per enrollment and run, while in touch: outbox exports need the server to know
 * this till's signing key. It is a no-op on the server when the key is already there. */
static void
register_signing_key (KasirSyncService *self)
{
  if (self->key_registered || self->key_registering || self->shut_down)
    return;

  self->key_registering = TRUE;
  kasir_outbox_transfer_register_key_async (self->worker, self->cancellable,
                                            on_key_registered, g_object_ref (self));
}

static void
finish_sync_success (KasirSyncService *self)
{
  self->syncing = FALSE;
  self->consecutive_failures = 0;
  self->retry_attempt = 0;
  self->auth_refused = FALSE;
  self->reachable = TRUE;
  g_clear_handle_id (&self->retry_id, g_source_remove);

  g_clear_pointer (&self->last_sync_time, g_date_time_unref);
  self->last_sync_time = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC_TIME]);

  run_db (self, kasir_sync_history_record_op,
          kasir_sync_run_new (self->sync_started_us, TRUE, self->pushed_count, self->pulled_rows, NULL),
          (GDestroyNotify) kasir_sync_run_free, NULL, NULL);

  register_signing_key (self);

  set_progress (self, 1.0);
  if (self->rejected_count == 0)
    set_last_error (self, NULL);
  else
    set_last_error (self, _("Some changes were refused by the server and need a manager"));

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);

  if (self->sync_again)
    {
      self->sync_again = FALSE;
      maybe_start_sync (self);
    }
}

static gboolean
on_retry_timeout (gpointer user_data)
{
  KasirSyncService *self = user_data;

  self->retry_id = 0;
  maybe_start_sync (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KasirSyncService *self)
{
  guint delay_ms;
  guint base;

  if (self->shut_down || self->retry_id != 0)
    return;

  /* Exponential backoff with jitter: 1 s, 2 s, 4 s ... up to a minute, each drawn from
   * the upper half of its window so that many tills do not retry in step. */
  base = 1000u << MIN (self->retry_attempt, 6u);
  base = MIN (base, MAX_RETRY_MS);
  delay_ms = base / 2 + g_random_int_range (0, base / 2 + 1);
  self->retry_attempt++;

  self->retry_id = g_timeout_add (delay_ms, on_retry_timeout, self);
}

static void
set_flag (KasirSyncService *self,
          gboolean         *flag,
          gboolean          value,
          guint             prop)
{
  if (*flag == value)
    return;
  *flag = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* A changed certificate or a revoked token: nothing more is sent until a person acts (a
 * manager trusts the new certificate, or the till is enrolled again). TRUE when @error
 * was one of them. */
static gboolean
note_trust_problem (KasirSyncService *self,
                    const GError     *error)
{
  if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_CERTIFICATE_CHANGED))
    {
      g_free (self->offered_fingerprint);
      self->offered_fingerprint = g_strdup (kasir_sync_client_get_peer_fingerprint (self->client));
      set_flag (self, &self->certificate_changed, TRUE, PROP_CERTIFICATE_CHANGED);
      return TRUE;
    }
  if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REVOKED))
    {
      set_flag (self, &self->revoked, TRUE, PROP_REVOKED);
      g_clear_handle_id (&self->retry_id, g_source_remove);
      g_clear_handle_id (&self->periodic_id, g_source_remove);
      return TRUE;
    }
  return FALSE;
}

static void
finish_sync_failure (KasirSyncService *self,
                     const GError     *error)
{
  self->syncing = FALSE;
  self->sync_again = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_message ("Sync failed: %s", error->message);

  if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TRANSPORT))
    self->reachable = FALSE;
  else if (note_trust_problem (self, error))
    ;
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_UNAUTHORIZED) ||
           g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN))
    self->auth_refused = TRUE;
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE) ||
           g_error_matches (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID))
    {
      /* A server that answers nonsense is a fault a person must see at once; retrying
       * goes on in the background and clears this when an answer makes sense again. */
      self->consecutive_failures = MAX (self->consecutive_failures + 1, FAILURES_FOR_ATTENTION);
    }
  else
    self->consecutive_failures++;

  set_last_error (self, error->message);
  run_db (self, kasir_sync_history_record_op,
          kasir_sync_run_new (self->sync_started_us, FALSE, self->pushed_count, self->pulled_rows,
                              error->message),
          (GDestroyNotify) kasir_sync_run_free, NULL, NULL);
  g_signal_emit (self, signals[SYNC_FAILED], 0, error->message);

  if (kasir_sync_error_is_transient (error) ||
      error->domain == KASIR_DATABASE_ERROR || error->domain == KASIR_INPUT_ERROR)
    schedule_retry (self);

  refresh_counts (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);
}

/* ---- Push ---- */

typedef struct
{
  KasirPushRequest  *request;
  KasirPushResponse *response;
  char              *message;
} PushStep;

static void
push_step_free (PushStep *step)
{
  g_clear_pointer (&step->request, kasir_push_request_free);
  g_clear_pointer (&step->response, kasir_push_response_free);
  g_free (step->message);
  g_free (step);
}

typedef struct
{
  GPtrArray *synced_sales;
  guint      rejected;
} PushApplied;

static void
push_applied_free (PushApplied *applied)
{
  g_clear_pointer (&applied->synced_sales, g_ptr_array_unref);
  g_free (applied);
}

static gpointer
op_apply_push (KasirDatabase  *db,
               gpointer        data,
               GError        **error)
{
  PushStep *step = data;
  PushApplied *applied = g_new0 (PushApplied, 1);

  if (!kasir_sync_repository_apply_push (db, step->request, step->response,
                                         &applied->synced_sales, &applied->rejected, error))
    {
      push_applied_free (applied);
      return NULL;
    }

  return applied;
}

static void
on_push_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  PushApplied *applied = db_finish (result, &error);

  if (applied == NULL)
    {
      finish_sync_failure (self, error);
      return;
    }

  for (guint i = 0; i < applied->synced_sales->len; i++)
    g_signal_emit (self, signals[SALE_SYNCED], 0, g_ptr_array_index (applied->synced_sales, i));
  self->pushed_count += ((PushStep *)((DbOp *)g_task_get_task_data (G_TASK (result)))->data)->request->mutations->len;

  if (applied->rejected > 0)
    set_count (self, &self->rejected_count, self->rejected_count + applied->rejected,
               PROP_REJECTED_COUNT);

  push_applied_free (applied);
  self->consecutive_failures = 0;
  push_next_batch (self);
}

static gpointer
op_record_failure (KasirDatabase  *db,
                   gpointer        data,
                   GError        **error)
{
  PushStep *step = data;

  if (!kasir_sync_repository_record_failure (db, step->request, step->message, error))
    return NULL;

  return DB_OK;
}

static void
on_failure_recorded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Counting the attempt is bookkeeping; its own failure changes nothing. */
  if (db_finish (result, &error) == NULL && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not record a failed push: %s", error->message);
}

typedef struct
{
  gint64   expected_seq;
  gboolean found;
} Resend;

static gpointer
op_resend_from (KasirDatabase  *db,
                gpointer        data,
                GError        **error)
{
  Resend *resend = data;

  if (!kasir_sync_repository_resend_from (db, resend->expected_seq, &resend->found, error))
    return NULL;

  return DB_OK;
}

static void
on_resent (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  Resend *resend = g_task_get_task_data (G_TASK (result)) != NULL
    ? ((DbOp *)g_task_get_task_data (G_TASK (result)))->data : NULL;
  g_autoptr(GError) error = NULL;

  if (db_finish (result, &error) == NULL)
    {
      finish_sync_failure (self, error);
      return;
    }

  if (!resend->found)
    {
      g_autoptr(GError) gap = NULL;

      /* This should never happen: the server lost changes this terminal has already
       * dropped. A person has to look; nothing is sent past the hole. */
      gap = g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REFUSED,
                         _("The server is missing change %" PRId64
                           ", which this terminal no longer holds"),
                         resend->expected_seq);
      self->consecutive_failures = FAILURES_FOR_ATTENTION;
      finish_sync_failure (self, gap);
      return;
    }

  push_next_batch (self);
}

static void
on_pushed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KasirSyncService *self = user_data;
  PushStep *step = g_task_get_task_data (G_TASK (result)) == NULL ? NULL : NULL;
  g_autoptr(GError) error = NULL;
  gint64 expected_seq = 0;
  KasirPushResponse *response;

  (void)step;
  response = kasir_sync_client_push_finish (KASIR_SYNC_CLIENT (object), result,
                                            &expected_seq, &error);

  step = g_object_steal_data (G_OBJECT (self), "kasir-push-step");
  if (self->shut_down)
    {
      g_clear_pointer (&response, kasir_push_response_free);
      g_clear_pointer (&step, push_step_free);
      g_object_unref (self);
      return;
    }

  if (response != NULL)
    {
      self->reachable = TRUE;
      step->response = response;
      run_db (self, op_apply_push, step, (GDestroyNotify)push_step_free,
              (GDestroyNotify)push_applied_free, on_push_applied);
    }
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TOO_LARGE)
           && step->request->mutations->len > 1)
    {
      /* The server takes bodies up to a size and a number of values: send fewer
       * mutations at a time until it takes them. One that is too large on its own stays
       * a failure below, for a person to look at. */
      self->push_limit = MAX (1, step->request->mutations->len / 2);
      g_message ("The server would not take %u changes at once; sending %u",
                 step->request->mutations->len, self->push_limit);
      push_step_free (step);
      push_next_batch (self);
    }
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_SEQ_GAP))
    {
      Resend *resend = g_new0 (Resend, 1);

      push_step_free (step);
      resend->expected_seq = expected_seq;
      g_message ("Server expects change %" G_GINT64_FORMAT "; sending from there",
                 expected_seq);
      run_db (self, op_resend_from, resend, g_free, NULL, on_resent);
    }
  else
    {
      step->message = g_strdup (error->message);
      run_db (self, op_record_failure, step, (GDestroyNotify)push_step_free, NULL,
              on_failure_recorded);
      finish_sync_failure (self, error);
    }

  g_object_unref (self);
}

static gpointer
op_next_batch (KasirDatabase  *db,
               gpointer        data,
               GError        **error)
{
  gint64 *args = data; /* terminal id, batch size */

  return kasir_sync_repository_next_batch (db, args[0], (guint)args[1], error);
}

static void
on_batch_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  KasirPushRequest *request = db_finish (result, &error);
  PushStep *step;

  if (request == NULL)
    {
      finish_sync_failure (self, error);
      return;
    }

  set_count (self, &self->pending_count,
             MAX (self->pending_count, (gint64)request->mutations->len), PROP_PENDING_COUNT);

  if (request->mutations->len == 0)
    {
      /* All sent: the next queue starts again at the full batch size. */
      self->push_limit = G_MAXUINT;
      kasir_push_request_free (request);
      pull_next_page (self);
      return;
    }

  step = g_new0 (PushStep, 1);
  step->request = request;
  g_object_set_data_full (G_OBJECT (self), "kasir-push-step", step,
                          (GDestroyNotify)push_step_free);
  kasir_sync_client_push_async (self->client, request, self->cancellable,
                                on_pushed, g_object_ref (self));
}

static void
push_next_batch (KasirSyncService *self)
{
  gint64 *args = g_new (gint64, 2);

  args[0] = self->terminal_id;
  args[1] = MIN (self->batch_size, self->push_limit);
  run_db (self, op_next_batch, args, g_free, (GDestroyNotify)kasir_push_request_free,
          on_batch_ready);
}

/* ---- Pull ---- */

typedef struct
{
  KasirPullResponse *page;
  guint              changes;
  guint              new_conflicts;
  gint64             apply_us;
} PullStep;

static void
pull_step_free (PullStep *step)
{
  g_clear_pointer (&step->page, kasir_pull_response_free);
  g_free (step);
}

static gpointer
op_apply_pull (KasirDatabase  *db,
               gpointer        data,
               GError        **error)
{
  PullStep *step = data;
  gint64 start = g_get_monotonic_time ();

  if (!kasir_sync_repository_apply_pull (db, step->page, &step->changes,
                                         &step->new_conflicts, error))
    return NULL;

  step->apply_us = g_get_monotonic_time () - start;
  return DB_OK;
}

static gpointer
op_reset_snapshot (KasirDatabase  *db,
                   gpointer        data,
                   GError        **error)
{
  if (!kasir_sync_repository_reset_snapshot (db, error))
    return NULL;

  return DB_OK;
}

static gpointer
op_prune_and_count (KasirDatabase  *db,
                    gpointer        data,
                    GError        **error)
{
  if (!kasir_sync_repository_prune_acked (db, error))
    return NULL;

  return op_snapshot (db, NULL, error);
}

static void
on_pruned (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  Snapshot *s = db_finish (result, &error);

  if (s == NULL)
    {
      finish_sync_failure (self, error);
      return;
    }

  apply_snapshot (self, s);
  snapshot_free (s);

  /* Something was queued while this sync ran: go round again straight away. */
  if (self->pending_count > 0)
    self->sync_again = TRUE;

  finish_sync_success (self);
}

static void pull_fetch (KasirSyncService *self);
static void pull_pump  (KasirSyncService *self);

/* Pull is a small pipeline: while one page is written in the worker thread, the next
 * one is already being fetched and decoded. Pages are written strictly in order, each
 * with its cursor, so stopping anywhere leaves a consistent database. */
static void
on_pull_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  PullStep *step = ((DbOp *)g_task_get_task_data (G_TASK (result)))->data;
  g_autoptr(GError) error = NULL;

  self->pull_applying = FALSE;

  if (db_finish (result, &error) == NULL)
    {
      if (self->pull_error == NULL)
        self->pull_error = g_steal_pointer (&error);
      g_queue_clear_full (&self->pull_queue, (GDestroyNotify)kasir_pull_response_free);
      pull_pump (self);
      return;
    }

  self->cursor = MAX (self->cursor, step->page->cursor);
  self->pulled_rows += step->changes;
  g_debug ("Pulled %u changes up to cursor %" G_GINT64_FORMAT "; applied in %.1f ms",
           step->changes, self->cursor, step->apply_us / 1000.0);

  if (step->new_conflicts > 0)
    g_signal_emit (self, signals[CONFLICTS_ARRIVED], 0, step->new_conflicts);

  /* Progress is the share of the server's change numbers already written since this
   * pull began; a server that does not say its head moves the bar half of what is left
   * per page, which never goes backwards. */
  if (step->page->has_more)
    {
      if (step->page->head > self->pull_start_cursor)
        set_progress (self, (double)(self->cursor - self->pull_start_cursor) /
                            (double)(step->page->head - self->pull_start_cursor));
      else
        set_progress (self, self->progress + (1.0 - self->progress) / 2.0);
    }

  pull_pump (self);
}

static void
on_snapshot_reset (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;

  self->pull_applying = FALSE;

  if (db_finish (result, &error) == NULL)
    {
      if (self->pull_error == NULL)
        self->pull_error = g_steal_pointer (&error);
      pull_pump (self);
      return;
    }

  self->cursor = 0;
  self->pull_fetch_cursor = 0;
  self->pull_next_known = TRUE;
  self->pull_start_cursor = 0;
  self->pull_fetched_all = FALSE;
  set_progress (self, 0.0);
  pull_pump (self);
}

/* One fetch of a pull page. Fetches are issued in cursor order and their pages are
 * written in that order, whatever order their answers arrive in. */
typedef struct
{
  KasirSyncService  *service;
  KasirPullResponse *page;
  GError            *error;
  gboolean           done;
  gboolean           announced;
  gint64             announced_cursor;
  gboolean           announced_more;
} PullSlot;

static void
pull_slot_free (PullSlot *slot)
{
  g_clear_pointer (&slot->page, kasir_pull_response_free);
  g_clear_error (&slot->error);
  g_free (slot);
}

static void
pull_fail (KasirSyncService *self,
           GError           *error)
{
  if (self->pull_error == NULL)
    self->pull_error = error;
  else
    g_error_free (error);
}

/* Moves answered fetches, in order, to the queue of pages to write. */
static void
pull_collect (KasirSyncService *self)
{
  PullSlot *slot;

  while ((slot = g_queue_peek_head (&self->pull_slots)) != NULL && slot->done)
    {
      g_queue_pop_head (&self->pull_slots);

      if (slot->error != NULL)
        pull_fail (self, g_steal_pointer (&slot->error));
      else if (self->pull_error != NULL || self->pull_reset_pending)
        ;
      else if (slot->page->reset)
        self->pull_reset_pending = TRUE;
      else if (slot->announced && (slot->page->cursor != slot->announced_cursor ||
                                   slot->page->has_more != slot->announced_more))
        pull_fail (self, g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE,
                                      _("The server’s page does not match what it announced")));
      else
        g_queue_push_tail (&self->pull_queue, g_steal_pointer (&slot->page));

      pull_slot_free (slot);
    }
}

/* Moves the pipeline on: starts writing the next page, fetches ahead, or ends the pull
 * when everything fetched has been written (or an error stopped it). */
static void
pull_pump (KasirSyncService *self)
{
  if (self->shut_down)
    return;

  pull_collect (self);

  if (!self->pull_applying && self->pull_reset_pending && self->pull_in_flight == 0 &&
      self->pull_error == NULL)
    {
      self->pull_reset_pending = FALSE;
      g_queue_clear_full (&self->pull_queue, (GDestroyNotify)kasir_pull_response_free);
      self->pull_applying = TRUE;
      g_message ("The server asks for a fresh snapshot; re-downloading, outbox kept");
      run_db (self, op_reset_snapshot, NULL, NULL, NULL, on_snapshot_reset);
      return;
    }

  if (self->pull_error == NULL && !self->pull_applying && !self->pull_reset_pending &&
      !g_queue_is_empty (&self->pull_queue))
    {
      PullStep *step = g_new0 (PullStep, 1);

      step->page = g_queue_pop_head (&self->pull_queue);
      self->pull_applying = TRUE;
      run_db (self, op_apply_pull, step, (GDestroyNotify)pull_step_free, NULL, on_pull_applied);
    }

  /* At most two fetches on the wire and a few pages waiting: enough to keep the server,
   * the decoder and the writer busy at once without holding much in memory. */
  if (self->pull_error == NULL && !self->pull_reset_pending && !self->pull_fetched_all &&
      self->pull_next_known && self->pull_in_flight < 2 &&
      g_queue_get_length (&self->pull_queue) + self->pull_in_flight < 3)
    pull_fetch (self);

  if (self->pull_applying || self->pull_in_flight > 0)
    return;

  if (self->pull_error != NULL)
    {
      g_autoptr(GError) error = g_steal_pointer (&self->pull_error);

      g_queue_clear_full (&self->pull_queue, (GDestroyNotify)kasir_pull_response_free);
      finish_sync_failure (self, error);
      return;
    }

  if (self->pull_fetched_all && g_queue_is_empty (&self->pull_queue) &&
      g_queue_is_empty (&self->pull_slots))
    run_db (self, op_prune_and_count, NULL, NULL, (GDestroyNotify)snapshot_free, on_pruned);
}

/* The server announced where this page ends: the next fetch may start now, while this
 * page is still arriving and being decoded. */
static void
on_pull_ahead (gint64   cursor,
               gboolean has_more,
               gpointer user_data)
{
  PullSlot *slot = user_data;
  KasirSyncService *self = slot->service;

  slot->announced = TRUE;
  slot->announced_cursor = cursor;
  slot->announced_more = has_more;

  if (self->shut_down || slot != g_queue_peek_tail (&self->pull_slots))
    return;

  self->pull_fetch_cursor = cursor;
  self->pull_next_known = TRUE;
  if (!has_more)
    self->pull_fetched_all = TRUE;
  pull_pump (self);
}

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PullSlot *slot = user_data;
  KasirSyncService *self = slot->service;

  slot->page = kasir_sync_client_pull_finish (KASIR_SYNC_CLIENT (object), result, &slot->error);
  slot->done = TRUE;
  self->pull_in_flight--;
  g_debug ("Pull answered in %.1f ms",
           (g_get_monotonic_time () - self->pull_started_us) / 1000.0);

  if (self->shut_down)
    {
      g_object_unref (self);
      return;
    }

  if (slot->page != NULL)
    {
      self->reachable = TRUE;
      /* Without an announcement (an older server), the next fetch waits for this page. */
      if (!slot->announced && slot == g_queue_peek_tail (&self->pull_slots))
        {
          self->pull_fetch_cursor = slot->page->cursor;
          self->pull_next_known = TRUE;
          if (!slot->page->has_more)
            self->pull_fetched_all = TRUE;
        }
    }

  pull_pump (self);
  g_object_unref (self);
}

static void
pull_fetch (KasirSyncService *self)
{
  PullSlot *slot = g_new0 (PullSlot, 1);

  slot->service = self;
  g_queue_push_tail (&self->pull_slots, slot);
  self->pull_in_flight++;
  self->pull_next_known = FALSE;
  self->pull_started_us = g_get_monotonic_time ();
  /* The service stays alive until the answer is in; on_pulled drops this reference. */
  g_object_ref (self);
  kasir_sync_client_pull_ahead_async (self->client, self->pull_fetch_cursor,
                                      self->pull_page_size, on_pull_ahead, slot,
                                      self->cancellable, on_pulled, slot);
}

static void
pull_next_page (KasirSyncService *self)
{
  g_assert (self->pull_in_flight == 0 && !self->pull_applying);

  g_queue_clear_full (&self->pull_queue, (GDestroyNotify)kasir_pull_response_free);
  g_queue_clear_full (&self->pull_slots, (GDestroyNotify)pull_slot_free);
  g_clear_error (&self->pull_error);
  self->pull_fetch_cursor = self->cursor;
  self->pull_next_known = TRUE;
  self->pull_start_cursor = self->cursor;
  self->pull_fetched_all = FALSE;
  self->pull_reset_pending = FALSE;
  pull_pump (self);
}

/* ---- Starting a sync ---- */

static void
on_sync_snapshot (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  Snapshot *s = db_finish (result, &error);

  if (s == NULL)
    {
      finish_sync_failure (self, error);
      return;
    }

  self->cursor = s->cursor;
  apply_snapshot (self, s);
  snapshot_free (s);

  push_next_batch (self);
}

static void
maybe_start_sync (KasirSyncService *self)
{
  if (self->shut_down || self->client == NULL || !self->network_available || self->auth_refused ||
      self->certificate_changed || self->revoked)
    return;

  if (self->syncing)
    {
      self->sync_again = TRUE;
      return;
    }

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->syncing = TRUE;
  self->sync_started_us = g_get_real_time ();
  self->pulled_rows = 0;
  self->pushed_count = 0;
  set_progress (self, 0.0);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);

  run_db (self, op_snapshot, NULL, NULL, (GDestroyNotify)snapshot_free, on_sync_snapshot);
}

/* ---- Heartbeat, network, timers ---- */

static void
on_health (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KasirSyncService *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirHealth) health = NULL;

  health = kasir_sync_client_health_finish (KASIR_SYNC_CLIENT (object), result, &error);
  self->heartbeat_running = FALSE;

  if (self->shut_down)
    {
      g_object_unref (self);
      return;
    }

  if (health != NULL)
    {
      gboolean was_reachable = self->reachable;

      /* The pinned certificate again (the change was undone on the server). */
      if (self->certificate_changed)
        set_last_error (self, NULL);
      set_flag (self, &self->certificate_changed, FALSE, PROP_CERTIFICATE_CHANGED);
      self->reachable = TRUE;
      self->heartbeat_current = self->heartbeat_interval;
      update_state (self);

      /* Back in touch, or there is something to send: sync now. */
      if (!was_reachable || self->pending_count > 0 || self->last_sync_time == NULL)
        maybe_start_sync (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      guint cap = MIN (self->heartbeat_interval * MAX_HEARTBEAT_BACKOFF,
                       MAX (MAX_HEARTBEAT_SECONDS, self->heartbeat_interval));

      g_debug ("Heartbeat failed: %s", error->message);
      note_trust_problem (self, error);
      self->reachable = FALSE;
      self->heartbeat_current = MIN (self->heartbeat_current * 2, cap);
      set_last_error (self, error->message);
      update_state (self);
    }

  schedule_heartbeat (self, self->heartbeat_current);
  g_object_unref (self);
}

static gboolean
on_heartbeat_tick (gpointer user_data)
{
  KasirSyncService *self = user_data;

  self->heartbeat_id = 0;

  if (self->client == NULL || self->shut_down || self->revoked)
    return G_SOURCE_REMOVE;

  if (!self->network_available)
    {
      /* Nothing to ask without a network; network-changed wakes the heartbeat. */
      return G_SOURCE_REMOVE;
    }

  if (!self->heartbeat_running)
    {
      self->heartbeat_running = TRUE;
      kasir_sync_client_health_async (self->client, self->cancellable, on_health,
                                      g_object_ref (self));
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_heartbeat (KasirSyncService *self,
                    guint             seconds)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (self->shut_down || self->client == NULL)
    return;

  if (seconds == 0)
    self->heartbeat_id = g_idle_add (on_heartbeat_tick, self);
  else
    self->heartbeat_id = g_timeout_add_seconds (seconds, on_heartbeat_tick, self);
}

static void
on_can_reach (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KasirSyncService *self = user_data;
  g_autoptr(GError) error = NULL;

  /* The monitor's answer is only a hint about routes; the heartbeat asks the server. */
  if (!g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (object), result, &error))
    g_debug ("Network monitor cannot reach the server: %s", error->message);

  if (!self->shut_down)
    {
      self->heartbeat_current = self->heartbeat_interval;
      schedule_heartbeat (self, 0);
    }

  g_object_unref (self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  KasirSyncService *self = user_data;
  gboolean now_available = g_network_monitor_get_network_available (monitor);

  if (now_available == self->network_available)
    return;

  self->network_available = now_available;
  g_debug ("Network %s", now_available ? "available" : "gone");

  if (!now_available)
    {
      /* Until the heartbeat says otherwise, the server counts as out of reach. */
      self->reachable = FALSE;
      update_state (self);
      return;
    }

  update_state (self);

  if (self->client != NULL)
    {
      g_autoptr(GSocketConnectable) connectable = NULL;

      connectable = g_network_address_parse_uri (kasir_sync_client_get_base_url (self->client),
                                                 80, NULL);
      if (connectable != NULL)
        g_network_monitor_can_reach_async (monitor, connectable, self->cancellable,
                                           on_can_reach, g_object_ref (self));
      else
        schedule_heartbeat (self, 0);
    }
}

static gboolean
on_periodic (gpointer user_data)
{
  KasirSyncService *self = user_data;

  if (self->reachable)
    maybe_start_sync (self);

  return G_SOURCE_CONTINUE;
}

static void
restart_periodic (KasirSyncService *self)
{
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  if (self->client != NULL && !self->shut_down)
    self->periodic_id = g_timeout_add_seconds (self->sync_interval, on_periodic, self);
}

static gboolean
on_debounced (gpointer user_data)
{
  KasirSyncService *self = user_data;

  self->debounce_id = 0;
  if (self->reachable)
    maybe_start_sync (self);

  return G_SOURCE_REMOVE;
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

  g_set_object (&self->client, client);
  kasir_sync_client_set_timeout (client, self->request_timeout);
  self->key_registered = FALSE;
  self->terminal_id = terminal_id;
  self->reachable = FALSE;
  self->auth_refused = FALSE;
  self->url_refused = FALSE;
  set_flag (self, &self->certificate_changed, FALSE, PROP_CERTIFICATE_CHANGED);
  set_flag (self, &self->revoked, FALSE, PROP_REVOKED);
  self->consecutive_failures = 0;
  self->heartbeat_current = self->heartbeat_interval;

  update_state (self);
  refresh_counts (self);
  restart_periodic (self);
  schedule_heartbeat (self, 0);
}

void
kasir_sync_service_outbox_changed (KasirSyncService *self)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  if (self->shut_down)
    return;

  refresh_counts (self);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, on_debounced, self);
}

void
kasir_sync_service_sync_now (KasirSyncService *self)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  /* A person asked: try even if the last heartbeat failed, and clear an auth refusal so
   * a fixed server configuration is noticed. */
  self->auth_refused = FALSE;
  self->retry_attempt = 0;
  maybe_start_sync (self);
}

void
kasir_sync_service_shutdown (KasirSyncService *self)
{
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  self->shut_down = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
}

/* ---- Loading and enrolling ---- */

typedef struct
{
  char   *server_url;
  gint64  terminal_id;
  char   *token;
  char   *pin;          /* the pinned certificate's fingerprint, if any */
} Identity;

static void
identity_free (Identity *identity)
{
  g_free (identity->server_url);
  g_free (identity->pin);
  kasir_key_store_free_secret (identity->token);
  g_free (identity);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KasirSyncService *self = source_object;
  g_autoptr(KasirSyncStateRepository) repo = NULL;
  g_autoptr(KasirSyncState) state = NULL;
  Identity *identity = g_new0 (Identity, 1);
  GError *error = NULL;

  g_mutex_lock (&self->worker_lock);
  repo = kasir_sync_state_repository_new (self->worker);
  state = kasir_sync_state_repository_load (repo, &error);
  if (state != NULL)
    identity->pin = kasir_cert_pin_load (self->worker, &error);
  g_mutex_unlock (&self->worker_lock);

  if (state == NULL || error != NULL)
    {
      identity_free (identity);
      g_task_return_error (task, error);
      return;
    }

  if (state->server_url != NULL && state->terminal_id > 0)
    {
      identity->server_url = g_strdup (state->server_url);
      identity->terminal_id = state->terminal_id;
      identity->token = kasir_key_store_lookup_terminal_token (state->server_url,
                                                               state->terminal_id,
                                                               cancellable, &error);
      if (error != NULL)
        {
          identity_free (identity);
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_pointer (task, identity, (GDestroyNotify)identity_free);
}

void
kasir_sync_service_load_async (KasirSyncService    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_service_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
kasir_sync_service_load_finish (KasirSyncService  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  Identity *identity;
  g_autoptr(KasirSyncClient) client = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  identity = g_task_propagate_pointer (G_TASK (result), error);
  if (identity == NULL)
    return FALSE;

  if (identity->server_url == NULL)
    {
      identity_free (identity);
      return TRUE;
    }

  client = kasir_sync_client_new (identity->server_url, &local_error);
  if (client == NULL)
    {
      /* Say so on the badge; selling goes on, nothing is sent. */
      self->url_refused = TRUE;
      set_last_error (self, local_error->message);
      update_state (self);
      identity_free (identity);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A till enrolled before pinning existed has no pin: the system's authorities decide. */
  if (identity->pin != NULL && kasir_sync_client_is_https (client))
    kasir_sync_client_set_pinned_fingerprint (client, identity->pin);
  if (identity->token != NULL)
    kasir_sync_client_set_token (client, identity->token);
  kasir_sync_service_configure (self, client, identity->terminal_id);

  /* Enrolled, but the keyring lost the token: say so instead of failing in silence. */
  if (identity->token == NULL)
    {
      self->auth_refused = TRUE;
      set_last_error (self, _("This terminal’s access token is missing; enroll it again"));
      update_state (self);
    }

  identity_free (identity);
  return TRUE;
}

typedef struct
{
  KasirSyncClient     *client;
  char                *server_url;
  char                *fingerprint;  /* the certificate learned at enrollment; NULL: http */
  KasirEnrollResponse *response;
} Enrollment;

static void
enrollment_free (Enrollment *e)
{
  g_clear_object (&e->client);
  g_free (e->server_url);
  g_free (e->fingerprint);
  if (e->response != NULL && e->response->token != NULL)
    memset (e->response->token, 0, strlen (e->response->token));
  g_clear_pointer (&e->response, kasir_enroll_response_free);
  g_free (e);
}

static void
store_enrollment_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  KasirSyncService *self = source_object;
  Enrollment *e = task_data;
  GError *error = NULL;
  gboolean ok;

  /* Token first: an identity in the database without its token would be unusable, while
   * a token without an identity is simply never looked up. */
  if (!kasir_key_store_store_terminal_token (e->server_url, e->response->terminal_id,
                                             e->response->token, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The pin before the identity: an identity is never used without its pin. */
  g_mutex_lock (&self->worker_lock);
  ok = kasir_cert_pin_store (self->worker, e->fingerprint, &error) &&
       kasir_sync_repository_set_identity (self->worker, e->response->terminal_id,
                                           e->response->outlet_id, e->server_url, &error);
  g_mutex_unlock (&self->worker_lock);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_enrolled (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Enrollment *e = g_task_get_task_data (task);
  GError *error = NULL;

  e->response = kasir_sync_client_enroll_finish (KASIR_SYNC_CLIENT (object), result, &error);
  if (e->response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (kasir_sync_client_is_https (e->client))
    {
      e->fingerprint = g_strdup (kasir_sync_client_get_peer_fingerprint (e->client));
      if (e->fingerprint == NULL)
        {
          g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TLS,
                                   _("The server’s certificate could not be read"));
          return;
        }
    }

  g_task_run_in_thread (task, store_enrollment_thread);
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
  g_autoptr(GTask) task = NULL;
  Enrollment *e;
  GError *error = NULL;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));
  g_return_if_fail (server_url != NULL && code != NULL && terminal_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_service_enroll_async);

  e = g_new0 (Enrollment, 1);
  g_task_set_task_data (task, e, (GDestroyNotify)enrollment_free);

  e->client = kasir_sync_client_new (server_url, &error);
  if (e->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  e->server_url = g_strdup (kasir_sync_client_get_base_url (e->client));
  /* Trust on first use, as SSH does: the certificate shown now is pinned, and shown to
   * the person to compare with `kasir-server fingerprint`. */
  kasir_sync_client_set_trust_on_first_use (e->client, TRUE);

  kasir_sync_client_enroll_async (e->client, code, terminal_name, cancellable,
                                  on_enrolled, g_steal_pointer (&task));
}

gboolean
kasir_sync_service_enroll_finish (KasirSyncService  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  Enrollment *e;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  e = g_task_get_task_data (G_TASK (result));
  kasir_sync_client_set_trust_on_first_use (e->client, FALSE);
  kasir_sync_client_set_pinned_fingerprint (e->client, e->fingerprint);
  kasir_sync_client_set_token (e->client, e->response->token);
  kasir_sync_service_configure (self, e->client, e->response->terminal_id);

  return TRUE;
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

  return self->certificate_changed ? self->offered_fingerprint : NULL;
}

gboolean
kasir_sync_service_get_certificate_changed (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), FALSE);

  return self->certificate_changed;
}

gboolean
kasir_sync_service_get_revoked (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), FALSE);

  return self->revoked;
}

static void
store_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  KasirSyncService *self = source_object;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&self->worker_lock);
  ok = kasir_cert_pin_store (self->worker, task_data, &error);
  g_mutex_unlock (&self->worker_lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kasir_sync_service_trust_new_certificate_async (KasirSyncService    *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KASIR_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_service_trust_new_certificate_async);
  if (!self->certificate_changed || self->offered_fingerprint == NULL || self->client == NULL)
    {
      g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REFUSED,
                               _("The server’s certificate has not changed"));
      return;
    }
  g_task_set_task_data (task, g_strdup (self->offered_fingerprint), g_free);
  g_task_run_in_thread (task, store_pin_thread);
}

gboolean
kasir_sync_service_trust_new_certificate_finish (KasirSyncService  *self,
                                                 GAsyncResult      *result,
                                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  kasir_sync_client_set_pinned_fingerprint (self->client, g_task_get_task_data (G_TASK (result)));
  set_flag (self, &self->certificate_changed, FALSE, PROP_CERTIFICATE_CHANGED);
  set_last_error (self, NULL);
  self->retry_attempt = 0;
  update_state (self);
  self->heartbeat_current = self->heartbeat_interval;
  schedule_heartbeat (self, 0);
  maybe_start_sync (self);
  return TRUE;
}

/* ---- Getters ---- */

KasirSyncStatus
kasir_sync_service_get_state (KasirSyncService *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (self), KASIR_SYNC_STATUS_STANDALONE);
  return self->state;
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
  return !self->syncing;
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
    restart_periodic (self);
  else if (prop == PROP_HEARTBEAT_INTERVAL && self->client != NULL)
    {
      self->heartbeat_current = value;
      schedule_heartbeat (self, value);
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
      g_value_set_boolean (value, !self->syncing);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_PULL_PAGE_SIZE:
      g_value_set_uint (value, self->pull_page_size);
      break;
    case PROP_CERTIFICATE_CHANGED:
      g_value_set_boolean (value, self->certificate_changed);
      break;
    case PROP_REVOKED:
      g_value_set_boolean (value, self->revoked);
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

  G_OBJECT_CLASS (kasir_sync_service_parent_class)->dispose (object);
}

static void
kasir_sync_service_finalize (GObject *object)
{
  KasirSyncService *self = KASIR_SYNC_SERVICE (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_sync_time, g_date_time_unref);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->offered_fingerprint, g_free);
  g_queue_clear_full (&self->pull_queue, (GDestroyNotify)kasir_pull_response_free);
  g_queue_clear_full (&self->pull_slots, (GDestroyNotify)pull_slot_free);
  g_clear_error (&self->pull_error);
  g_mutex_clear (&self->worker_lock);

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
}

static void
kasir_sync_service_init (KasirSyncService *self)
{
  g_mutex_init (&self->worker_lock);
  self->cancellable = g_cancellable_new ();
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
  self->worker = kasir_database_open_connection (database, error);
  if (self->worker == NULL || !kasir_sync_repository_prepare_worker (self->worker, error))
    return NULL;

  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (on_network_changed), self);

  return g_steal_pointer (&self);
}
