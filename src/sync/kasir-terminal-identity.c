/* kasir-terminal-identity.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-cert-pin.h"
#include "kasir-key-store.h"
#include "kasir-outbox-transfer.h"
#include "kasir-sync-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-terminal-identity.h"

struct _KasirTerminalIdentity
{
  GObject           parent_instance;

  KasirSyncWorker  *worker;
  KasirDatabase    *database;
  gboolean          key_registered;  /* the export signing key is on the server */
  gboolean          key_registering;
};

G_DEFINE_FINAL_TYPE (KasirTerminalIdentity, kasir_terminal_identity, G_TYPE_OBJECT)

/* The worker of the identity a task of its own belongs to. */
static KasirSyncWorker *
worker_of (GTask *task)
{
  KasirTerminalIdentity *self = g_task_get_source_object (task);

  return self->worker;
}

/* ---- Loading ---- */

typedef struct
{
  char   *server_url;
  gint64  terminal_id;
  char   *token;
  char   *pin;          /* the pinned certificate's fingerprint, if any */
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->server_url);
  g_free (stored->pin);
  kasir_key_store_free_secret (stored->token);
  g_free (stored);
}

static gpointer
job_load (KasirDatabase  *db,
          gpointer        data,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSyncState) state = NULL;
  Stored *stored;
  GError *local_error = NULL;

  state = kasir_sync_state_repository_load (repo, error);
  if (state == NULL)
    return NULL;

  stored = g_new0 (Stored, 1);
  stored->pin = kasir_cert_pin_load (db, &local_error);
  if (local_error != NULL)
    {
      stored_free (stored);
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (state->server_url != NULL && state->terminal_id > 0)
    {
      stored->server_url = g_strdup (state->server_url);
      stored->terminal_id = state->terminal_id;
      stored->token = kasir_key_store_lookup_terminal_token (state->server_url,
                                                             state->terminal_id,
                                                             cancellable, &local_error);
      if (local_error != NULL)
        {
          stored_free (stored);
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  return stored;
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Stored *stored = kasir_sync_worker_run_finish (worker_of (task), result, &error);

  if (stored == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stored, (GDestroyNotify)stored_free);
}

void
kasir_terminal_identity_load_async (KasirTerminalIdentity *self,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (KASIR_IS_TERMINAL_IDENTITY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_terminal_identity_load_async);
  kasir_sync_worker_run_async (self->worker, job_load, NULL, NULL, (GDestroyNotify)stored_free,
                               cancellable, on_loaded, task);
}

KasirSyncClient *
kasir_terminal_identity_load_finish (KasirTerminalIdentity  *self,
                                     GAsyncResult           *result,
                                     gint64                 *out_terminal_id,
                                     gboolean               *out_token_missing,
                                     GError                **error)
{
  Stored *stored;
  KasirSyncClient *client;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  *out_terminal_id = 0;
  *out_token_missing = FALSE;
  stored = g_task_propagate_pointer (G_TASK (result), error);
  if (stored == NULL || stored->server_url == NULL)
    {
      g_clear_pointer (&stored, stored_free);
      return NULL;
    }

  client = kasir_sync_client_new (stored->server_url, error);
  if (client != NULL)
    {
      /* A till enrolled before pinning existed has no pin: the system's authorities
       * decide. */
      if (stored->pin != NULL && kasir_sync_client_is_https (client))
        kasir_sync_client_set_pinned_fingerprint (client, stored->pin);
      if (stored->token != NULL)
        kasir_sync_client_set_token (client, stored->token);
      *out_terminal_id = stored->terminal_id;
      *out_token_missing = stored->token == NULL;
    }

  stored_free (stored);
  return client;
}

/* ---- Enrolling ---- */

typedef struct
{
  KasirSyncClient     *client;
  char                *server_url;
  char                *fingerprint;  /* the certificate learned at enrollment; NULL: http */
  char                *name;         /* the name asked for */
  KasirEnrollResponse *response;
} Enrollment;

static void
enrollment_free (Enrollment *e)
{
  g_clear_object (&e->client);
  g_free (e->server_url);
  g_free (e->fingerprint);
  g_free (e->name);
  if (e->response != NULL && e->response->token != NULL)
    memset (e->response->token, 0, strlen (e->response->token));
  g_clear_pointer (&e->response, kasir_enroll_response_free);
  g_free (e);
}

static gpointer
job_store_enrollment (KasirDatabase  *db,
                      gpointer        data,
                      GCancellable   *cancellable,
                      GError        **error)
{
  Enrollment *e = data;
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSyncState) state = kasir_sync_state_repository_load (repo, error);

  if (state == NULL)
    return NULL;
  /* A till holds one outlet's catalog, stock and sales: joining another would mix them
   * and send its unsent sales there. Moving a till is removing its data first. */
  if (state->outlet_id > 0 && state->outlet_id != e->response->outlet_id)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_WRONG_OUTLET,
                   _("This till belongs to outlet %" PRId64 ", and the code is for "
                     "outlet %" PRId64), state->outlet_id, e->response->outlet_id);
      return NULL;
    }

  /* Token first: an identity in the database without its token would be unusable, while
   * a token without an identity is simply never looked up. */
  if (!kasir_key_store_store_terminal_token (e->server_url, e->response->terminal_id,
                                             e->response->token, cancellable, error))
    return NULL;

  /* The pin before the identity: an identity is never used without its pin. */
  if (!kasir_cert_pin_store (db, e->fingerprint, error) ||
      !kasir_sync_repository_set_identity (db, e->response->terminal_id,
                                           e->response->outlet_id, e->server_url, error))
    return NULL;

  return KASIR_SYNC_JOB_DONE;
}

/* A job storing what a task of the identity needs: its end is the task's. */
static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (kasir_sync_worker_run_finish (worker_of (task), result, &error) == NULL)
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
  KasirTerminalIdentity *self = g_task_get_source_object (task);
  Enrollment *e = g_task_get_task_data (task);
  GCancellable *cancellable;
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

  cancellable = g_task_get_cancellable (task);
  kasir_sync_worker_run_async (self->worker, job_store_enrollment, e, NULL, NULL,
                               cancellable, on_stored, g_steal_pointer (&task));
}

void
kasir_terminal_identity_enroll_async (KasirTerminalIdentity *self,
                                      const char            *server_url,
                                      const char            *code,
                                      const char            *terminal_name,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Enrollment *e;
  GError *error = NULL;

  g_return_if_fail (KASIR_IS_TERMINAL_IDENTITY (self));
  g_return_if_fail (server_url != NULL && code != NULL && terminal_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_terminal_identity_enroll_async);

  e = g_new0 (Enrollment, 1);
  g_task_set_task_data (task, e, (GDestroyNotify)enrollment_free);

  e->client = kasir_sync_client_new (server_url, &error);
  if (e->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  e->server_url = g_strdup (kasir_sync_client_get_base_url (e->client));
  e->name = g_strdup (terminal_name);
  /* The certificate shown now is pinned, and shown to the person to compare with
   * `kasir-server fingerprint`. */
  kasir_sync_client_set_trust_on_first_use (e->client, TRUE);

  kasir_sync_client_enroll_async (e->client, code, terminal_name, cancellable,
                                  on_enrolled, g_steal_pointer (&task));
}

KasirSyncClient *
kasir_terminal_identity_enroll_finish (KasirTerminalIdentity  *self,
                                       GAsyncResult           *result,
                                       gint64                 *out_terminal_id,
                                       char                  **out_name,
                                       GError                **error)
{
  Enrollment *e;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  *out_terminal_id = 0;
  if (out_name != NULL)
    *out_name = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  e = g_task_get_task_data (G_TASK (result));
  kasir_sync_client_set_trust_on_first_use (e->client, FALSE);
  kasir_sync_client_set_pinned_fingerprint (e->client, e->fingerprint);
  kasir_sync_client_set_token (e->client, e->response->token);
  *out_terminal_id = e->response->terminal_id;
  /* A server from before unique names answers without one: it kept the name asked for. */
  if (out_name != NULL)
    *out_name = g_strdup (e->response->name != NULL ? e->response->name : e->name);

  return g_object_ref (e->client);
}

/* ---- Trusting a new certificate ---- */

typedef struct
{
  KasirSyncClient *client;
  char            *fingerprint;
} Trust;

static void
trust_free (Trust *trust)
{
  g_clear_object (&trust->client);
  g_free (trust->fingerprint);
  g_free (trust);
}

static gpointer
job_store_pin (KasirDatabase  *db,
               gpointer        data,
               GCancellable   *cancellable,
               GError        **error)
{
  Trust *trust = data;

  return kasir_cert_pin_store (db, trust->fingerprint, error) ? KASIR_SYNC_JOB_DONE : NULL;
}

void
kasir_terminal_identity_trust_async (KasirTerminalIdentity *self,
                                     KasirSyncClient       *client,
                                     const char            *fingerprint,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  GTask *task;
  Trust *trust;

  g_return_if_fail (KASIR_IS_TERMINAL_IDENTITY (self));
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (client));
  g_return_if_fail (fingerprint != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_terminal_identity_trust_async);
  trust = g_new0 (Trust, 1);
  trust->client = g_object_ref (client);
  trust->fingerprint = g_strdup (fingerprint);
  g_task_set_task_data (task, trust, (GDestroyNotify)trust_free);
  kasir_sync_worker_run_async (self->worker, job_store_pin, trust, NULL, NULL, cancellable,
                               on_stored, task);
}

gboolean
kasir_terminal_identity_trust_finish (KasirTerminalIdentity  *self,
                                      GAsyncResult           *result,
                                      GError                **error)
{
  Trust *trust;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  trust = g_task_get_task_data (G_TASK (result));
  kasir_sync_client_set_pinned_fingerprint (trust->client, trust->fingerprint);
  return TRUE;
}

/* ---- The export signing key ---- */

static void
on_key_registered (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KasirTerminalIdentity) self = user_data;
  g_autoptr(GError) error = NULL;

  self->key_registering = FALSE;
  if (kasir_outbox_transfer_register_key_finish (result, &error))
    self->key_registered = TRUE;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not register the export signing key yet: %s", error->message);
}

void
kasir_terminal_identity_register_key (KasirTerminalIdentity *self,
                                      GCancellable          *cancellable)
{
  g_return_if_fail (KASIR_IS_TERMINAL_IDENTITY (self));

  if (self->key_registered || self->key_registering ||
      g_cancellable_is_cancelled (cancellable))
    return;

  self->key_registering = TRUE;
  kasir_outbox_transfer_register_key_async (self->database, cancellable, on_key_registered,
                                            g_object_ref (self));
}

void
kasir_terminal_identity_forget_key (KasirTerminalIdentity *self)
{
  g_return_if_fail (KASIR_IS_TERMINAL_IDENTITY (self));
  self->key_registered = FALSE;
}

gboolean
kasir_terminal_identity_get_key_registered (KasirTerminalIdentity *self)
{
  g_return_val_if_fail (KASIR_IS_TERMINAL_IDENTITY (self), FALSE);
  return self->key_registered;
}

gboolean
kasir_terminal_identity_is_busy (KasirTerminalIdentity *self)
{
  g_return_val_if_fail (KASIR_IS_TERMINAL_IDENTITY (self), FALSE);
  return self->key_registering;
}

/* ---- GObject ---- */

KasirTerminalIdentity *
kasir_terminal_identity_new (KasirSyncWorker *worker,
                             KasirDatabase   *database)
{
  KasirTerminalIdentity *self;

  g_return_val_if_fail (KASIR_IS_SYNC_WORKER (worker), NULL);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_TERMINAL_IDENTITY, NULL);
  self->worker = g_object_ref (worker);
  self->database = g_object_ref (database);
  return self;
}

static void
kasir_terminal_identity_finalize (GObject *object)
{
  KasirTerminalIdentity *self = KASIR_TERMINAL_IDENTITY (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_terminal_identity_parent_class)->finalize (object);
}

static void
kasir_terminal_identity_class_init (KasirTerminalIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_terminal_identity_finalize;
}

static void
kasir_terminal_identity_init (KasirTerminalIdentity *self)
{
}
