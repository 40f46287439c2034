/* kasir-server-token.c — a terminal's bearer token, checked once a request's headers are
 * in and before its body is read, on a reader of the worker pool: the message is paused
 * meanwhile, so the main loop goes on serving HTTP and never waits on the database for
 * it. Nothing is cached: every request's token is looked up, so a revocation counts from
 * the next request on, whichever process made it. The route's handler checks the token
 * again with its own connection, which is the check that counts.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-private.h"

typedef struct
{
  KasirServer       *self;
  SoupServerMessage *msg;
  KasirServerCall   *call;
  gboolean           gone;   /* the client went away meanwhile */
} Check;

void
kasir_server_refuse_early (SoupServerMessage *msg)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
check_disconnected (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Check *check = user_data;

  check->gone = TRUE;
}

static void
check_run (KasirServerStore *store,
           gpointer          data)
{
  Check *check = data;
  gint64 terminal_id, outlet_id;

  check->call->store = store;
  kasir_server_authenticate (check->self, check->call, &terminal_id, &outlet_id);
  check->call->store = NULL;
}

/* Back on the main loop: a refusal is put on the message, whose body is then thrown away
 * as it comes; either way the message goes on. */
static gboolean
check_done (gpointer data)
{
  Check *check = data;

  g_signal_handlers_disconnect_by_func (check->msg, check_disconnected, check);
  if (!check->gone)
    {
      if (check->call->status != 0 && soup_server_message_get_status (check->msg) == 0)
        {
          kasir_server_call_apply (check->call, check->msg);
          kasir_server_refuse_early (check->msg);
        }
      kasir_server_guard_release (check->self->guard, check->msg, FALSE);
      soup_server_message_unpause (check->msg);
    }
  kasir_server_call_free (check->call);
  g_object_unref (check->msg);
  g_object_unref (check->self);
  g_free (check);
  return G_SOURCE_REMOVE;
}

void
kasir_server_check_token_async (KasirServer       *self,
                                KasirServerPool   *pool,
                                GMainContext      *context,
                                SoupServerMessage *msg,
                                const char        *path)
{
  Check *check = g_new0 (Check, 1);

  check->self = g_object_ref (self);
  check->msg = g_object_ref (msg);
  check->call = kasir_server_call_new (msg, path, NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (check_disconnected), check);
  /* The body waits while the token is looked up: that wait is the server's. */
  kasir_server_guard_hold (self->guard, msg);
  soup_server_message_pause (msg);
  kasir_server_pool_run (pool, FALSE, check_run, check_done, check, context);
}
