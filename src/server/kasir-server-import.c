/* kasir-server-import.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-outbox-bundle.h"
#include "kasir-server-import.h"

void
kasir_server_import_result_free (KasirServerImportResult *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->response, kasir_push_response_free);
  g_free (self);
}

KasirServerImportResult *
kasir_server_import_document (KasirServerStore  *store,
                              const char        *document,
                              gint64             importer_outlet_id,
                              GError           **error)
{
  g_autoptr(KasirOutboxBundle) bundle = NULL;
  g_autoptr(KasirServerImportResult) result = g_new0 (KasirServerImportResult, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *registered = NULL;
  g_autofree guint8 *registered_key = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  gsize key_len = 0;
  gint64 outlet_id = 0, expected = 0;

  g_return_val_if_fail (store != NULL && document != NULL, NULL);

  bundle = kasir_outbox_bundle_verify (document, public_key, error);
  if (bundle == NULL)
    return NULL;

  if (!kasir_server_store_get_signing_key (store, bundle->terminal_id, &outlet_id, &registered,
                                           &local_error))
    {
      if (!g_error_matches (local_error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "terminal %" G_GINT64_FORMAT " has no signing key registered", bundle->terminal_id);
      return NULL;
    }
  registered_key = g_base64_decode (registered, &key_len);
  /* The signature verified with the key the document carries; it is worth something only
   * if that is the key the terminal registered. */
  if (key_len != sizeof public_key || sodium_memcmp (registered_key, public_key, sizeof public_key) != 0)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "the export is not signed by terminal %" G_GINT64_FORMAT "'s registered key",
                   bundle->terminal_id);
      return NULL;
    }
  if (outlet_id != bundle->outlet_id || (importer_outlet_id != 0 && importer_outlet_id != outlet_id))
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "terminal %" G_GINT64_FORMAT " belongs to another outlet", bundle->terminal_id);
      return NULL;
    }

  result->terminal_id = bundle->terminal_id;
  result->response = kasir_push_response_new ();
  /* In push-sized batches, each one transaction, exactly as pushes would come. */
  for (guint start = 0; start < bundle->mutations->len; start += KASIR_PROTOCOL_MAX_MUTATIONS)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      g_autoptr(GArray) outcomes = g_array_new (FALSE, FALSE, sizeof (KasirServerPushOutcome));
      guint before = result->response->results->len;

      for (guint i = start; i < bundle->mutations->len && i < start + KASIR_PROTOCOL_MAX_MUTATIONS; i++)
        g_ptr_array_add (batch, bundle->mutations->pdata[i]);
      if (!kasir_server_store_push_batch (store, bundle->terminal_id, outlet_id, batch,
                                          result->response->results, outcomes, &expected, error))
        return NULL;
      for (guint i = 0; i < outcomes->len; i++)
        {
          KasirServerPushOutcome o = g_array_index (outcomes, KasirServerPushOutcome, i);

          if (o == KASIR_SERVER_PUSH_NEW)
            result->n_new++;
          else if (o == KASIR_SERVER_PUSH_DUPLICATE)
            result->n_duplicate++;
          else if (result->response->results->len == before && start == 0)
            {
              const KasirMutation *first = bundle->mutations->pdata[0];

              g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                           "the export starts at seq %" G_GINT64_FORMAT " but terminal %"
                           G_GINT64_FORMAT " is at seq %" G_GINT64_FORMAT "; changes in between are missing",
                           first->seq, bundle->terminal_id, expected - 1);
              return NULL;
            }
        }
      if (outcomes->len > 0 &&
          g_array_index (outcomes, KasirServerPushOutcome, outcomes->len - 1) == KASIR_SERVER_PUSH_GAP)
        break;
    }
  result->response->last_seq = expected - 1;

  return g_steal_pointer (&result);
}
