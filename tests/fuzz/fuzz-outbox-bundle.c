/* fuzz-outbox-bundle.c — the outbox export reader (src/core/kasir-outbox-bundle.c).
 *
 * The input goes three ways: as an export file to kasir_outbox_bundle_unseal() (without
 * a passphrase: the key derivation costs what the file's header asks, up to 256 MiB, so
 * only the header and encoding checks before it are fuzzed); as a signed document to
 * kasir_outbox_bundle_verify(); and, so that the fuzzer reaches the body decoder behind
 * the signature, as a body this target signs with a fixed key. A bundle that verifies is
 * signed again and must verify to the same bundle, whose signed document is the same.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "kasir-outbox-bundle.h"

static guint8 public_key[crypto_sign_PUBLICKEYBYTES];
static guint8 secret_key[crypto_sign_SECRETKEYBYTES];

static char *
signed_document (const char *body)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sig_b64 = NULL;
  g_autofree char *pk_b64 = NULL;
  guint8 signature[crypto_sign_BYTES];

  crypto_sign_detached (signature, NULL, (const guint8 *) body, strlen (body), secret_key);
  sig_b64 = g_base64_encode (signature, sizeof signature);
  pk_b64 = g_base64_encode (public_key, sizeof public_key);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, body);
  json_builder_set_member_name (b, "public_key");
  json_builder_add_string_value (b, pk_b64);
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, sig_b64);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return kasir_protocol_to_string (root, NULL);
}

static KasirOutboxBundle *
verify (const char *document,
        gboolean    must_verify)
{
  g_autoptr(GError) error = NULL;
  guint8 key[crypto_sign_PUBLICKEYBYTES];
  KasirOutboxBundle *bundle = kasir_outbox_bundle_verify (document, key, &error);

  fuzz_check_contract ("kasir_outbox_bundle_verify", bundle, error);
  if (bundle == NULL && must_verify)
    fuzz_fail ("a document kasir_outbox_bundle_sign wrote does not verify", document,
               error->message);
  if (bundle != NULL && must_verify && memcmp (key, public_key, sizeof key) != 0)
    fuzz_fail ("a verified document names another key", document, NULL);
  return bundle;
}

/* sign → verify → sign: the two documents must be the same. */
static void
round_trip (const KasirOutboxBundle *bundle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirOutboxBundle) again = NULL;
  g_autofree char *doc1 = kasir_outbox_bundle_sign (bundle, secret_key, &error);
  g_autofree char *doc2 = NULL;

  fuzz_check_contract ("kasir_outbox_bundle_sign", doc1, error);
  if (doc1 == NULL)
    fuzz_fail ("a bundle that verified cannot be signed", error->message, NULL);
  again = verify (doc1, TRUE);
  doc2 = kasir_outbox_bundle_sign (again, secret_key, NULL);
  if (g_strcmp0 (doc1, doc2) != 0)
    fuzz_fail ("signing a verified bundle is not stable", doc1, doc2);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean ready = FALSE;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *document = NULL;
  g_autoptr(KasirOutboxBundle) bundle = NULL;
  g_autoptr(KasirOutboxBundle) signed_bundle = NULL;

  if (!ready)
    {
      guint8 seed[crypto_sign_SEEDBYTES] = { 0 };

      if (sodium_init () < 0)
        abort ();
      crypto_sign_seed_keypair (public_key, secret_key, seed);
      ready = TRUE;
    }

  /* 1. An export file. Without a passphrase nothing opens. */
  plain = kasir_outbox_bundle_unseal ((const char *) data, size, NULL, &error);
  if (plain != NULL)
    fuzz_fail ("an export opened without a passphrase", plain, NULL);
  if (error == NULL)
    fuzz_fail ("kasir_outbox_bundle_unseal returned NULL without an error", NULL, NULL);

  /* 2. A signed document, as the server's import route gets it. */
  text = g_strndup ((const char *) data, size);
  bundle = verify (text, FALSE);
  if (bundle != NULL)
    round_trip (bundle);

  /* 3. A body, signed here. */
  if (g_utf8_validate (text, -1, NULL))
    {
      document = signed_document (text);
      signed_bundle = verify (document, FALSE);
      if (signed_bundle != NULL)
        round_trip (signed_bundle);
    }
  return 0;
}
