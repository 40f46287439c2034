/* kasir-server-route-push.c — POST /api/v1/sync/push: a terminal's batch of mutations, applied
 * under its seq rules (a seq gap is answered 409 with the expected seq), with the
 * /metrics counters of what became of each.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-log.h"
#include "kasir-server-private.h"

void
kasir_server_handle_push (KasirServer       *self,
                          KasirServerCall   *call)
{
  g_autoptr(KasirPushRequest) req = NULL;
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) outcomes = NULL;
  gint64 terminal_id, outlet_id, expected = 0;
  const char *data;
  gsize length;
  guint n_new = 0, n_dup = 0, n_conflict = 0, n_rejected = 0;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  /* Read from the text, without a tree: see kasir-protocol-pull-reader.c. */
  if (!kasir_server_check_body_size (self, call))
    return;
  data = g_bytes_get_data (call->body, &length);
  req = kasir_protocol_read_push_request (data != NULL ? data : "", length, &error);
  if (req == NULL)
    {
      respond_protocol_error (call, error);
      return;
    }
  if (req->terminal_id != terminal_id)
    {
      respond_error (call, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "the token belongs to another terminal", 0);
      return;
    }

  resp = kasir_push_response_new ();
  outcomes = g_array_new (FALSE, FALSE, sizeof (KasirServerPushOutcome));
  if (!kasir_server_store_push_batch (call->store, terminal_id, outlet_id, req->mutations,
                                      resp->results, outcomes, &expected, &error))
    {
      /* Nothing of the batch was kept; the terminal resends it after a pause. */
      respond_store_error (call, error);
      return;
    }
  if (outcomes->len > 0
      && g_array_index (outcomes, KasirServerPushOutcome, outcomes->len - 1) == KASIR_SERVER_PUSH_GAP
      && resp->results->len == 0)
    {
      const KasirMutation *m = g_ptr_array_index (req->mutations, 0);
      g_autofree char *message = g_strdup_printf ("expected seq %" G_GINT64_FORMAT, expected);
      g_autoptr(JsonNode) err = kasir_protocol_encode_error ("seq_gap", message, expected);

      kasir_server_log (G_LOG_LEVEL_MESSAGE, terminal_id, outlet_id, m->seq, "seq_gap",
                        "push from terminal %" G_GINT64_FORMAT ": seq gap at %" G_GINT64_FORMAT
                        ", expected %" G_GINT64_FORMAT, terminal_id, m->seq, expected);
      respond_json (call, SOUP_STATUS_CONFLICT, err);
      return;
    }
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < resp->results->len; i++)
    {
      const KasirPushResult *result = g_ptr_array_index (resp->results, i);

      if (g_array_index (outcomes, KasirServerPushOutcome, i) == KASIR_SERVER_PUSH_DUPLICATE)
        {
          n_dup++;
          self->mutations_duplicate++;
          continue;
        }
      n_new++;
      switch (result->status)
        {
        case KASIR_RESULT_APPLIED:
          self->mutations_applied++;
          break;
        case KASIR_RESULT_APPLIED_WITH_CONFLICTS:
          self->mutations_applied++;
          self->mutations_conflict++;
          n_conflict++;
          break;
        case KASIR_RESULT_REJECTED:
        default:
          self->mutations_rejected++;
          n_rejected++;
          kasir_server_log (G_LOG_LEVEL_MESSAGE, terminal_id, outlet_id, result->seq, "rejected",
                            "terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT " rejected: %s",
                            terminal_id, result->seq, result->reason ? result->reason : "");
          break;
        }
    }
  g_mutex_unlock (&self->lock);
  resp->last_seq = expected - 1;

  kasir_server_log (G_LOG_LEVEL_INFO, terminal_id, outlet_id, resp->last_seq, "pushed",
                    "push from terminal %" G_GINT64_FORMAT ": %u new (%u with conflicts, %u rejected), "
                    "%u already known, last_seq %" G_GINT64_FORMAT,
                    terminal_id, n_new, n_conflict, n_rejected, n_dup, resp->last_seq);
  answer = kasir_protocol_encode_push_response (resp);
  respond_json (call, SOUP_STATUS_OK, answer);
}
