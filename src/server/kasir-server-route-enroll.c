/* kasir-server-route-enroll.c — GET /api/v1/health and POST /api/v1/enroll: a till redeems a
 * one-time enrollment code for its terminal id, outlet and bearer token. Codes are kept
 * only as hashes; neither a code nor a token is ever logged.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "kasir-pin.h"
#include "kasir-server.h"
#include "kasir-server-log.h"
#include "kasir-server-private.h"

/* ---- Routes ---- */

void
kasir_server_handle_health (KasirServer       *self,
                            KasirServerCall   *call)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(JsonNode) node = kasir_protocol_encode_health (now);

  respond_json (call, SOUP_STATUS_OK, node);
}

void
kasir_server_handle_enroll (KasirServer       *self,
                            KasirServerCall   *call)
{
  g_autoptr(JsonNode) node = kasir_server_read_body (self, call);
  g_autoptr(KasirEnrollRequest) req = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code_hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *name = NULL;
  KasirEnrollResponse resp = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (node == NULL)
    return;
  req = kasir_protocol_decode_enroll_request (node, &error);
  if (req == NULL)
    {
      respond_protocol_error (call, error);
      return;
    }
  code_hash = kasir_server_enroll_code_hash (req->code);
  token = kasir_token_new ();
  token_hash = kasir_token_hash (token);
  if (!kasir_server_store_redeem_enroll_code (call->store, code_hash, req->name, token_hash, now,
                                              &resp.terminal_id, &resp.outlet_id, &name, &error))
    {
      if (error->domain == KASIR_SERVER_STORE_ERROR
          && (error->code == KASIR_SERVER_STORE_ERROR_NOT_FOUND
              || error->code == KASIR_SERVER_STORE_ERROR_EXPIRED))
        {
          g_message ("enrollment refused: %s", error->message);
          respond_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                         "unknown, used or expired enrollment code", 0);
        }
      else
        respond_store_error (call, error);
      return;
    }
  kasir_server_log (G_LOG_LEVEL_MESSAGE, resp.terminal_id, 0, 0, NULL,
                    "terminal %" G_GINT64_FORMAT " enrolled for outlet %" G_GINT64_FORMAT,
                    resp.terminal_id, resp.outlet_id);
  resp.token = token;
  resp.name = name;
  answer = kasir_protocol_encode_enroll_response (&resp);
  respond_json (call, SOUP_STATUS_OK, answer);
}

#define CODE_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

char *
kasir_server_enroll_code_new (void)
{
  GString *code = g_string_new (NULL);

  for (int i = 0; i < 16; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, CODE_ALPHABET[randombytes_uniform (sizeof CODE_ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

char *
kasir_server_enroll_code_hash (const char *code)
{
  g_autofree char *normal = g_ascii_strup (code, -1);
  char *w = normal;
  char *hash;

  g_return_val_if_fail (code != NULL, NULL);
  for (const char *r = normal; *r; r++)
    if (*r != '-' && *r != ' ')
      *w++ = *r;
  *w = '\0';
  hash = kasir_token_hash (normal);
  sodium_memzero (normal, strlen (normal));
  return hash;
}
