/* kasir-outbox-bundle.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-outbox-bundle.h"

#define FORMAT_NAME "kasir-outbox-export"
#define FORMAT_VERSION 1
/* Decrypting a file costs what its header asks for; a forged header must not be able to
 * ask for more than a moderate derivation. */
#define MAX_OPSLIMIT crypto_pwhash_OPSLIMIT_MODERATE
#define MAX_MEMLIMIT crypto_pwhash_MEMLIMIT_MODERATE
/* The body of a signed export is parsed only once its signature holds; it may carry up
 * to KASIR_PROTOCOL_MAX_BODY bytes of mutations, about this many values at most. */
#define BUNDLE_MAX_VALUES (KASIR_PROTOCOL_MAX_VALUES * 10)

G_DEFINE_QUARK (kasir-outbox-bundle-error-quark, kasir_outbox_bundle_error)

KasirOutboxBundle *
kasir_outbox_bundle_new (void)
{
  KasirOutboxBundle *self = g_new0 (KasirOutboxBundle, 1);

  self->mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  return self;
}

void
kasir_outbox_bundle_free (KasirOutboxBundle *self)
{
  if (self == NULL)
    return;
  g_free (self->server_url);
  g_free (self->terminal_name);
  g_free (self->exported_at);
  g_clear_pointer (&self->mutations, g_ptr_array_unref);
  g_free (self);
}

static char *
to_base64 (const guint8 *data,
           gsize         length)
{
  return g_base64_encode (data, length);
}

/* Decodes base64 of exactly @expected bytes (0: any length). */
static guint8 *
from_base64 (const char  *text,
             gsize        expected,
             gsize       *out_length)
{
  guint8 *data;
  gsize length = 0;

  if (text == NULL || *text == '\0')
    return NULL;
  data = g_base64_decode (text, &length);
  if (data == NULL || (expected > 0 && length != expected))
    {
      g_free (data);
      return NULL;
    }
  if (out_length != NULL)
    *out_length = length;
  return data;
}

static const char *
get_string (JsonObject *obj,
            const char *name)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
get_int (JsonObject *obj,
         const char *name,
         gint64     *out)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_MALFORMED,
               _("This is not a usable outbox export: %s"), what);
  return FALSE;
}

static char *
encode_body (const KasirOutboxBundle *bundle)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "terminal_id");
  json_builder_add_int_value (b, bundle->terminal_id);
  json_builder_set_member_name (b, "outlet_id");
  json_builder_add_int_value (b, bundle->outlet_id);
  json_builder_set_member_name (b, "seq_base");
  json_builder_add_int_value (b, bundle->seq_base);
  json_builder_set_member_name (b, "server_url");
  json_builder_add_string_value (b, bundle->server_url != NULL ? bundle->server_url : "");
  json_builder_set_member_name (b, "exported_at");
  json_builder_add_string_value (b, bundle->exported_at);
  if (bundle->terminal_name != NULL && *bundle->terminal_name != '\0')
    {
      json_builder_set_member_name (b, "terminal_name");
      json_builder_add_string_value (b, bundle->terminal_name);
    }
  json_builder_set_member_name (b, "mutations");
  json_builder_begin_array (b);
  for (guint i = 0; i < bundle->mutations->len; i++)
    {
      const KasirMutation *m = bundle->mutations->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "local_seq");
      json_builder_add_int_value (b, m->seq + bundle->seq_base);
      json_builder_set_member_name (b, "mutation");
      json_builder_add_value (b, kasir_protocol_encode_mutation (m));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  return kasir_protocol_to_string (root, NULL);
}

static gboolean
check_bundle (const KasirOutboxBundle  *bundle,
              GError                  **error)
{
  if (bundle->terminal_id <= 0 || bundle->outlet_id <= 0 || bundle->seq_base < 0 ||
      bundle->exported_at == NULL || !kasir_rfc3339_is_valid (bundle->exported_at))
    return malformed (error, _("it does not name its terminal, outlet and time"));
  if (bundle->mutations->len == 0)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   _("There are no unsent changes to export"));
      return FALSE;
    }
  for (guint i = 0; i < bundle->mutations->len; i++)
    {
      const KasirMutation *m = bundle->mutations->pdata[i];
      const KasirMutation *first = bundle->mutations->pdata[0];

      if (m->seq <= 0 || m->seq != first->seq + (gint64) i)
        return malformed (error, _("its changes are not numbered one after another"));
    }
  return TRUE;
}

char *
kasir_outbox_bundle_sign (const KasirOutboxBundle *bundle,
                          const guint8             secret_key[crypto_sign_SECRETKEYBYTES],
                          GError                 **error)
{
  g_autofree char *body = NULL;
  g_autofree char *sig_b64 = NULL;
  g_autofree char *pk_b64 = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint8 signature[crypto_sign_BYTES];
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];

  g_return_val_if_fail (bundle != NULL && secret_key != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   _("The cryptography library could not start"));
      return NULL;
    }
  if (!check_bundle (bundle, error))
    return NULL;

  body = encode_body (bundle);
  crypto_sign_detached (signature, NULL, (const guint8 *) body, strlen (body), secret_key);
  crypto_sign_ed25519_sk_to_pk (public_key, secret_key);
  sig_b64 = to_base64 (signature, sizeof signature);
  pk_b64 = to_base64 (public_key, sizeof public_key);

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

char *
kasir_outbox_bundle_seal (const KasirOutboxBundle *bundle,
                          const guint8             secret_key[crypto_sign_SECRETKEYBYTES],
                          const char              *passphrase,
                          GError                 **error)
{
  g_autofree char *document = NULL;
  g_autofree guint8 *cipher = NULL;
  g_autofree char *salt_b64 = NULL;
  g_autofree char *nonce_b64 = NULL;
  g_autofree char *cipher_b64 = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  char *sealed;
  gsize doc_len, sealed_len = 0;

  g_return_val_if_fail (bundle != NULL && secret_key != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   _("The cryptography library could not start"));
      return NULL;
    }
  if (passphrase == NULL || g_utf8_strlen (passphrase, -1) < KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   _("The passphrase must have at least %d characters"),
                   KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE);
      return NULL;
    }
  document = kasir_outbox_bundle_sign (bundle, secret_key, error);
  if (document == NULL)
    return NULL;
  doc_len = strlen (document);

  randombytes_buf (salt, sizeof salt);
  randombytes_buf (nonce, sizeof nonce);
  if (crypto_pwhash (key, sizeof key, passphrase, strlen (passphrase), salt,
                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   _("Not enough memory to protect the export"));
      return NULL;
    }
  cipher = g_malloc (doc_len + crypto_secretbox_MACBYTES);
  crypto_secretbox_easy (cipher, (const guint8 *) document, doc_len, nonce, key);
  sodium_memzero (key, sizeof key);

  salt_b64 = to_base64 (salt, sizeof salt);
  nonce_b64 = to_base64 (nonce, sizeof nonce);
  cipher_b64 = to_base64 (cipher, doc_len + crypto_secretbox_MACBYTES);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FORMAT_VERSION);
  json_builder_set_member_name (b, "kdf");
  json_builder_add_string_value (b, "argon2id13");
  json_builder_set_member_name (b, "opslimit");
  json_builder_add_int_value (b, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  json_builder_set_member_name (b, "memlimit");
  json_builder_add_int_value (b, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  json_builder_set_member_name (b, "salt");
  json_builder_add_string_value (b, salt_b64);
  json_builder_set_member_name (b, "nonce");
  json_builder_add_string_value (b, nonce_b64);
  json_builder_set_member_name (b, "ciphertext");
  json_builder_add_string_value (b, cipher_b64);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sealed = kasir_protocol_to_string (root, &sealed_len);
  /* The reader (and the server's upload route) takes at most a protocol body; refuse
   * here, where the manager can still act, rather than write a file nobody can read. */
  if (sealed_len > KASIR_PROTOCOL_MAX_BODY)
    {
      g_free (sealed);
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   _("There are too many unsent changes for one export (%u)"),
                   bundle->mutations->len);
      return NULL;
    }

  return sealed;
}

char *
kasir_outbox_bundle_unseal (const char  *data,
                            gsize        length,
                            const char  *passphrase,
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *nonce = NULL;
  g_autofree guint8 *cipher = NULL;
  g_autofree char *plain = NULL;
  guint8 key[crypto_secretbox_KEYBYTES];
  JsonObject *obj;
  gint64 version, ops, mem;
  gsize cipher_len = 0;

  g_return_val_if_fail (data != NULL, NULL);

  if (sodium_init () < 0)
    {
      malformed (error, _("the cryptography library could not start"));
      return NULL;
    }
  root = kasir_protocol_parse_limited (data, length, KASIR_PROTOCOL_MAX_VALUES,
                                       KASIR_PROTOCOL_MAX_BODY, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, _("it is not JSON"));
      return NULL;
    }
  obj = json_node_get_object (root);
  if (g_strcmp0 (get_string (obj, "format"), FORMAT_NAME) != 0 ||
      !get_int (obj, "version", &version) || version != FORMAT_VERSION ||
      g_strcmp0 (get_string (obj, "kdf"), "argon2id13") != 0 ||
      !get_int (obj, "opslimit", &ops) || !get_int (obj, "memlimit", &mem))
    {
      malformed (error, _("its header is not one this version reads"));
      return NULL;
    }
  if (ops < (gint64) crypto_pwhash_OPSLIMIT_MIN || ops > (gint64) MAX_OPSLIMIT ||
      mem < (gint64) crypto_pwhash_MEMLIMIT_MIN || mem > (gint64) MAX_MEMLIMIT)
    {
      malformed (error, _("its key derivation settings are out of range"));
      return NULL;
    }
  salt = from_base64 (get_string (obj, "salt"), crypto_pwhash_SALTBYTES, NULL);
  nonce = from_base64 (get_string (obj, "nonce"), crypto_secretbox_NONCEBYTES, NULL);
  cipher = from_base64 (get_string (obj, "ciphertext"), 0, &cipher_len);
  if (salt == NULL || nonce == NULL || cipher == NULL || cipher_len <= crypto_secretbox_MACBYTES)
    {
      malformed (error, _("its encrypted part is damaged"));
      return NULL;
    }
  if (passphrase == NULL ||
      crypto_pwhash (key, sizeof key, passphrase, strlen (passphrase), salt, (unsigned long long) ops,
                     (size_t) mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE,
                   _("The passphrase does not open this export"));
      return NULL;
    }
  plain = g_malloc0 (cipher_len - crypto_secretbox_MACBYTES + 1);
  if (crypto_secretbox_open_easy ((guint8 *) plain, cipher, cipher_len, nonce, key) != 0)
    {
      sodium_memzero (key, sizeof key);
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE,
                   _("The passphrase does not open this export, or the file was changed"));
      return NULL;
    }
  sodium_memzero (key, sizeof key);
  if (strlen (plain) != cipher_len - crypto_secretbox_MACBYTES)
    {
      malformed (error, _("its contents are not text"));
      return NULL;
    }

  return g_steal_pointer (&plain);
}

KasirOutboxBundle *
kasir_outbox_bundle_verify (const char  *document,
                            guint8       out_public_key[crypto_sign_PUBLICKEYBYTES],
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) body_root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirOutboxBundle) bundle = kasir_outbox_bundle_new ();
  g_autofree guint8 *signature = NULL;
  g_autofree guint8 *public_key = NULL;
  const char *body;
  const char *text;
  JsonObject *obj;
  JsonNode *list;
  JsonArray *array;

  g_return_val_if_fail (document != NULL, NULL);

  if (sodium_init () < 0)
    {
      malformed (error, _("the cryptography library could not start"));
      return NULL;
    }
  root = kasir_protocol_parse_limited (document, strlen (document), KASIR_PROTOCOL_MAX_VALUES,
                                       KASIR_PROTOCOL_MAX_BODY, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, _("the signed document is not JSON"));
      return NULL;
    }
  obj = json_node_get_object (root);
  body = get_string (obj, "body");
  signature = from_base64 (get_string (obj, "signature"), crypto_sign_BYTES, NULL);
  public_key = from_base64 (get_string (obj, "public_key"), crypto_sign_PUBLICKEYBYTES, NULL);
  if (body == NULL || signature == NULL || public_key == NULL)
    {
      malformed (error, _("the signed document lacks its body, key or signature"));
      return NULL;
    }
  if (crypto_sign_verify_detached (signature, (const guint8 *) body, strlen (body), public_key) != 0)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_BAD_SIGNATURE,
                   _("The export's signature does not match its contents"));
      return NULL;
    }

  /* Signed by the till itself: an export may hold more than one push's worth. */
  body_root = kasir_protocol_parse_limited (body, strlen (body), BUNDLE_MAX_VALUES,
                                            KASIR_PROTOCOL_MAX_STRING, &local_error);
  if (body_root == NULL || !JSON_NODE_HOLDS_OBJECT (body_root))
    {
      malformed (error, _("the body is not JSON"));
      return NULL;
    }
  obj = json_node_get_object (body_root);
  if (!get_int (obj, "terminal_id", &bundle->terminal_id) ||
      !get_int (obj, "outlet_id", &bundle->outlet_id) ||
      !get_int (obj, "seq_base", &bundle->seq_base) ||
      (text = get_string (obj, "exported_at")) == NULL)
    {
      malformed (error, _("the body lacks a field"));
      return NULL;
    }
  bundle->exported_at = g_strdup (text);
  bundle->server_url = g_strdup (get_string (obj, "server_url"));
  bundle->terminal_name = g_strdup (get_string (obj, "terminal_name"));
  list = json_object_get_member (obj, "mutations");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      malformed (error, _("the body has no list of changes"));
      return NULL;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonNode *m;
      KasirMutation *mutation;

      if (!JSON_NODE_HOLDS_OBJECT (item) ||
          (m = json_object_get_member (json_node_get_object (item), "mutation")) == NULL)
        {
          malformed (error, _("a change is not an object"));
          return NULL;
        }
      mutation = kasir_protocol_decode_mutation (m, &local_error);
      if (mutation == NULL)
        {
          g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_MALFORMED,
                       _("This is not a usable outbox export: change %u: %s"), i + 1,
                       local_error->message);
          return NULL;
        }
      g_ptr_array_add (bundle->mutations, mutation);
    }
  if (!check_bundle (bundle, error))
    return NULL;

  memcpy (out_public_key, public_key, crypto_sign_PUBLICKEYBYTES);
  return g_steal_pointer (&bundle);
}
