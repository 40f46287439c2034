/* kasir-protocol.c — the sync protocol v1 JSON codec.
 *
 * Two layers keep hostile input harmless. kasir_protocol_parse() (kasir-protocol-text.c)
 * lets only plain, shallow, bounded JSON reach json-glib. The decoders here then check
 * every field's presence, type and range and name the failing field by its path. Each decoder builds its result under g_autoptr and hands it
 * over only when complete.
 *
 * Nullable fields may also be left out; a missing nullable field reads as null.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "kasir-money.h"

G_DEFINE_QUARK (kasir-protocol-error-quark, kasir_protocol_error)

/* More conflicts than this for one mutation would mean a broken server. */
#define MAX_CONFLICT_IDS 10000

/* ------------------------------------------------------------------------------------ */
/* Error paths                                                                          */
/* ------------------------------------------------------------------------------------ */

static char *
join_path (const char *path,
           const char *key)
{
  if (path == NULL || *path == '\0')
    return g_strdup (key != NULL ? key : "");
  if (key == NULL || *key == '\0')
    return g_strdup (path);
  if (*key == '[')
    return g_strconcat (path, key, NULL);
  return g_strconcat (path, ".", key, NULL);
}

static char *
element_path (const char *path,
              const char *key,
              guint       index)
{
  g_autofree char *base = join_path (path, key);

  return g_strdup_printf ("%s[%u]", base, index);
}

static void G_GNUC_PRINTF (5, 6)
fail (GError             **error,
      KasirProtocolError   code,
      const char          *path,
      const char          *key,
      const char          *format,
      ...)
{
  g_autofree char *where = join_path (path, key);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (*where != '\0')
    g_set_error (error, KASIR_PROTOCOL_ERROR, code, "%s: %s", where, message);
  else
    g_set_error_literal (error, KASIR_PROTOCOL_ERROR, code, message);
}

/* ------------------------------------------------------------------------------------ */
/* Typed field readers. Each returns FALSE with an error naming path.key.               */
/* ------------------------------------------------------------------------------------ */

static JsonObject *
root_object (JsonNode  *node,
             GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED,
                           "the document must be a JSON object");
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
is_null_or_absent (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_to_int (JsonNode    *node,
             const char  *path,
             const char  *key,
             gint64      *out,
             GError     **error)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an integer, not null");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an integer");
      return FALSE;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || fabs (d) >= 9223372036854775808.0)
        fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, key,
              "must be an integer within 64 bits");
      else
        fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
              "must be an integer, not a fraction or an exponent");
      return FALSE;
    }

  fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an integer");
  return FALSE;
}

static gboolean
check_int_range (gint64       value,
                 gint64       min,
                 gint64       max,
                 const char  *path,
                 const char  *key,
                 GError     **error)
{
  if (value >= min && value <= max)
    return TRUE;

  /* A lower bound of 0 or 1 is a sign rule (INVALID_VALUE), even where the protocol
   * also caps the magnitude; a small bounded range (a rate) and every cap are
   * OUT_OF_RANGE. */
  if (value < min && min >= 0 && max >= KASIR_PROTOCOL_MAX_QTY)
    {
      if (min == 1)
        fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "must be > 0");
      else
        fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
              "must be >= %" G_GINT64_FORMAT, min);
    }
  else if (max != G_MAXINT64)
    fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, key,
          "must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, min, max);
  else if (min == 1)
    fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "must be > 0");
  else
    fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
          "must be >= %" G_GINT64_FORMAT, min);
  return FALSE;
}

static gboolean
get_int (JsonObject  *obj,
         const char  *path,
         const char  *key,
         gint64       min,
         gint64       max,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  gint64 value;

  if (node == NULL)
    {
      fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return FALSE;
    }
  if (!node_to_int (node, path, key, &value, error) ||
      !check_int_range (value, min, max, path, key, error))
    return FALSE;

  *out = value;
  return TRUE;
}

/* A server id that may be null (or absent): 0 then, else a positive integer. */
static gboolean
get_opt_id (JsonObject  *obj,
            const char  *path,
            const char  *key,
            gint64      *out,
            GError     **error)
{
  if (is_null_or_absent (json_object_get_member (obj, key)))
    {
      *out = 0;
      return TRUE;
    }
  return get_int (obj, path, key, 1, G_MAXINT64, out, error);
}

static gboolean
get_bp (JsonObject  *obj,
        const char  *path,
        const char  *key,
        guint       *out,
        GError     **error)
{
  gint64 value;

  if (!get_int (obj, path, key, 0, 10000, &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *path,
          const char  *key,
          gboolean     optional,
          gboolean     fallback,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    {
      if (!optional)
        {
          fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
          return FALSE;
        }
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be true or false");
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Reads a string member into *out (owned). With @nullable, null or absence give NULL. */
static gboolean
get_string (JsonObject  *obj,
            const char  *path,
            const char  *key,
            gboolean     nullable,
            gboolean     allow_empty,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  const char *text;

  if (is_null_or_absent (node))
    {
      if (nullable)
        {
          *out = NULL;
          return TRUE;
        }
      if (node == NULL)
        fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      else
        fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be a string, not null");
      return FALSE;
    }
  if (!node_is_string (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be a string");
      return FALSE;
    }

  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "is not valid UTF-8");
      return FALSE;
    }
  if (!allow_empty && *text == '\0')
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "must not be empty");
      return FALSE;
    }

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
get_uuid (JsonObject  *obj,
          const char  *path,
          const char  *key,
          gboolean     nullable,
          char       **out,
          GError     **error)
{
  g_autofree char *text = NULL;

  if (!get_string (obj, path, key, nullable, FALSE, &text, error))
    return FALSE;
  if (text != NULL && !kasir_uuid_is_valid (text))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "must be a lower-case UUID");
      return FALSE;
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
get_time (JsonObject  *obj,
          const char  *path,
          const char  *key,
          gboolean     nullable,
          char       **out,
          GError     **error)
{
  g_autofree char *text = NULL;

  if (!get_string (obj, path, key, nullable, FALSE, &text, error))
    return FALSE;
  if (text != NULL && !kasir_rfc3339_is_valid (text))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
            "must be an RFC 3339 UTC time");
      return FALSE;
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *obj,
            const char  *path,
            const char  *key,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    {
      fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* An object or null (or absent, read as null); *out gets a copy or NULL. */
static gboolean
get_opt_object_copy (JsonObject  *obj,
                     const char  *path,
                     const char  *key,
                     JsonNode   **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (is_null_or_absent (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an object or null");
      return FALSE;
    }
  *out = json_node_copy (node);
  return TRUE;
}

/* Any JSON value; null and absence both give NULL. */
static void
get_any_copy (JsonObject  *obj,
              const char  *key,
              JsonNode   **out)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = is_null_or_absent (node) ? NULL : json_node_copy (node);
}

static JsonArray *
get_array (JsonObject  *obj,
           const char  *path,
           const char  *key,
           guint        max_length,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  JsonArray *array;

  if (node == NULL)
    {
      fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an array");
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_length)
    {
      fail (error, KASIR_PROTOCOL_ERROR_TOO_LARGE, path, key,
            "has %u elements, at most %u are allowed",
            json_array_get_length (array), max_length);
      return NULL;
    }
  return array;
}

static JsonObject *
array_object (JsonArray   *array,
              guint        index,
              const char  *element,
              GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, element, NULL, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* An id that is an integer on the wire for server entities and a string otherwise; the
 * text form is kept either way. */
static gboolean
get_text_id (JsonObject  *obj,
             const char  *path,
             const char  *key,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      gint64 value;

      if (!node_to_int (node, path, key, &value, error) ||
          !check_int_range (value, 1, G_MAXINT64, path, key, error))
        return FALSE;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      return TRUE;
    }
  if (node != NULL && !is_null_or_absent (node) && !node_is_string (node))
    {
      fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
            "must be a string or an integer");
      return FALSE;
    }
  return get_string (obj, path, key, FALSE, FALSE, out, error);
}

static gboolean
get_payment_method (JsonObject          *obj,
                    const char          *path,
                    KasirPaymentMethod  *out,
                    GError             **error)
{
  g_autofree char *text = NULL;

  if (!get_string (obj, path, "method", FALSE, FALSE, &text, error))
    return FALSE;
  if (!kasir_payment_method_from_string (text, out))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "method",
            "unknown payment method");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Writers                                                                              */
/* ------------------------------------------------------------------------------------ */

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, obj);
  return node;
}

static void
set_string_or_null (JsonObject *obj,
                    const char *key,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, key, value);
  else
    json_object_set_null_member (obj, key);
}

static void
set_id_or_null (JsonObject *obj,
                const char *key,
                gint64      id)
{
  if (id != 0)
    json_object_set_int_member (obj, key, id);
  else
    json_object_set_null_member (obj, key);
}

static void
set_node_or_null (JsonObject     *obj,
                  const char     *key,
                  const JsonNode *value)
{
  if (value != NULL)
    json_object_set_member (obj, key, json_node_copy ((JsonNode *) value));
  else
    json_object_set_null_member (obj, key);
}

/* Digits only, no leading zero, within gint64: the text form of a server id. */
static gboolean
is_integer_text (const char *text)
{
  guint64 value;

  if (text == NULL || *text < '1' || *text > '9')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL);
}

static void
set_text_id (JsonObject *obj,
             const char *key,
             const char *text)
{
  if (is_integer_text (text))
    json_object_set_int_member (obj, key, g_ascii_strtoll (text, NULL, 10));
  else
    set_string_or_null (obj, key, text);
}

static JsonNode *
encode_payments (const GPtrArray *payments,
                 gboolean         with_reference)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *payment = g_ptr_array_index ((GPtrArray *) payments, i);
      JsonObject *obj = json_object_new ();

      set_string_or_null (obj, "method", kasir_payment_method_to_string (payment->method));
      json_object_set_int_member (obj, "amount", payment->amount);
      if (with_reference && payment->reference != NULL)
        json_object_set_string_member (obj, "reference", payment->reference);
      json_array_add_object_element (array, obj);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

/* Reads [{"method", "amount"}], amounts >= @min_amount; @unique refuses a repeated method. */
static GPtrArray *
decode_payments (JsonObject  *obj,
                 const char  *path,
                 const char  *key,
                 gint64       min_amount,
                 gboolean     with_reference,
                 gboolean     unique,
                 GError     **error)
{
  g_autoptr(GPtrArray) payments = NULL;
  JsonArray *array;
  guint seen = 0;

  array = get_array (obj, path, key, KASIR_PROTOCOL_MAX_PAYMENTS, error);
  if (array == NULL)
    return NULL;

  payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = element_path (path, key, i);
      g_autoptr(KasirPayment) payment = NULL;
      KasirPaymentMethod method;
      JsonObject *item;
      gint64 amount;
      char *reference = NULL;

      if ((item = array_object (array, i, element, error)) == NULL ||
          !get_payment_method (item, element, &method, error) ||
          !get_int (item, element, "amount", min_amount, KASIR_PROTOCOL_MAX_AMOUNT, &amount, error))
        return NULL;
      if (with_reference && !get_string (item, element, "reference", TRUE, TRUE, &reference, error))
        return NULL;

      payment = kasir_payment_new (method, amount);
      g_free (payment->reference);
      payment->reference = reference;

      if (unique)
        {
          if (seen & (1u << method))
            {
              fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, element, "method",
                    "appears more than once");
              return NULL;
            }
          seen |= 1u << method;
        }

      g_ptr_array_add (payments, g_steal_pointer (&payment));
    }

  return g_steal_pointer (&payments);
}

/* Adds up amounts with overflow checks. */
static gboolean
sum_payments (const GPtrArray *payments,
              KasirMoney      *out)
{
  KasirMoney sum = 0;

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *payment = g_ptr_array_index ((GPtrArray *) payments, i);

      if (!kasir_money_add (sum, payment->amount, &sum))
        return FALSE;
    }
  *out = sum;
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Error body, health, enroll                                                           */
/* ------------------------------------------------------------------------------------ */

JsonNode *
kasir_protocol_encode_error (const char *code,
                             const char *message,
                             gint64      expected_seq)
{
  JsonObject *root;
  JsonObject *inner;

  g_return_val_if_fail (code != NULL, NULL);

  root = json_object_new ();
  inner = json_object_new ();

  json_object_set_string_member (inner, "code", code);
  json_object_set_string_member (inner, "message", message != NULL ? message : "");
  json_object_set_object_member (root, "error", inner);
  if (expected_seq > 0)
    json_object_set_int_member (root, "expected_seq", expected_seq);

  return object_node (root);
}

void
kasir_protocol_error_body_free (KasirProtocolErrorBody *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->message);
  g_free (self);
}

KasirProtocolErrorBody *
kasir_protocol_decode_error (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(KasirProtocolErrorBody) body = g_new0 (KasirProtocolErrorBody, 1);
  JsonObject *root;
  JsonObject *inner;

  if ((root = root_object (node, error)) == NULL ||
      (inner = get_object (root, "", "error", error)) == NULL ||
      !get_string (inner, "error", "code", FALSE, FALSE, &body->code, error) ||
      !get_string (inner, "error", "message", FALSE, TRUE, &body->message, error))
    return NULL;

  if (!is_null_or_absent (json_object_get_member (root, "expected_seq")) &&
      !get_int (root, "", "expected_seq", 1, G_MAXINT64, &body->expected_seq, error))
    return NULL;

  return g_steal_pointer (&body);
}

JsonNode *
kasir_protocol_encode_health (const char *server_time)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "status", "ok");
  json_object_set_int_member (obj, "protocol", KASIR_PROTOCOL_VERSION);
  set_string_or_null (obj, "server_time", server_time);
  return object_node (obj);
}

void
kasir_health_free (KasirHealth *self)
{
  if (self == NULL)
    return;
  g_free (self->status);
  g_free (self->server_time);
  g_free (self);
}

KasirHealth *
kasir_protocol_decode_health (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(KasirHealth) health = g_new0 (KasirHealth, 1);
  JsonObject *root;

  if ((root = root_object (node, error)) == NULL ||
      !get_string (root, "", "status", FALSE, FALSE, &health->status, error) ||
      !get_int (root, "", "protocol", 1, G_MAXINT64, &health->protocol, error) ||
      !get_time (root, "", "server_time", FALSE, &health->server_time, error))
    return NULL;

  return g_steal_pointer (&health);
}

JsonNode *
kasir_protocol_encode_enroll_request (const KasirEnrollRequest *req)
{
  JsonObject *obj;

  g_return_val_if_fail (req != NULL, NULL);

  obj = json_object_new ();

  set_string_or_null (obj, "code", req->code);
  set_string_or_null (obj, "name", req->name);
  return object_node (obj);
}

void
kasir_enroll_request_free (KasirEnrollRequest *self)
{
  if (self == NULL)
    return;
  if (self->code != NULL)
    memset (self->code, 0, strlen (self->code));
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

KasirEnrollRequest *
kasir_protocol_decode_enroll_request (JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(KasirEnrollRequest) req = g_new0 (KasirEnrollRequest, 1);
  JsonObject *root;

  if ((root = root_object (node, error)) == NULL ||
      !get_string (root, "", "code", FALSE, FALSE, &req->code, error) ||
      !get_string (root, "", "name", FALSE, FALSE, &req->name, error))
    return NULL;

  return g_steal_pointer (&req);
}

JsonNode *
kasir_protocol_encode_enroll_response (const KasirEnrollResponse *resp)
{
  JsonObject *obj;

  g_return_val_if_fail (resp != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "terminal_id", resp->terminal_id);
  json_object_set_int_member (obj, "outlet_id", resp->outlet_id);
  set_string_or_null (obj, "token", resp->token);
  return object_node (obj);
}

void
kasir_enroll_response_free (KasirEnrollResponse *self)
{
  if (self == NULL)
    return;
  /* The token is a secret: do not leave it in freed memory. */
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self);
}

KasirEnrollResponse *
kasir_protocol_decode_enroll_response (JsonNode  *node,
                                       GError   **error)
{
  g_autoptr(KasirEnrollResponse) resp = g_new0 (KasirEnrollResponse, 1);
  JsonObject *root;

  if ((root = root_object (node, error)) == NULL ||
      !get_int (root, "", "terminal_id", 1, G_MAXINT64, &resp->terminal_id, error) ||
      !get_int (root, "", "outlet_id", 1, G_MAXINT64, &resp->outlet_id, error) ||
      !get_string (root, "", "token", FALSE, FALSE, &resp->token, error))
    return NULL;

  return g_steal_pointer (&resp);
}

/* ------------------------------------------------------------------------------------ */
/* Push                                                                                 */
/* ------------------------------------------------------------------------------------ */

KasirPushRequest *
kasir_push_request_new (void)
{
  KasirPushRequest *self = g_new0 (KasirPushRequest, 1);

  self->mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  return self;
}

void
kasir_push_request_free (KasirPushRequest *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->mutations, g_ptr_array_unref);
  g_free (self);
}

KasirPushResult *
kasir_push_result_new (void)
{
  KasirPushResult *self = g_new0 (KasirPushResult, 1);

  self->conflict_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

KasirPushResult *
kasir_push_result_copy (const KasirPushResult *self)
{
  KasirPushResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = kasir_push_result_new ();
  copy->seq = self->seq;
  copy->status = self->status;
  copy->reason = g_strdup (self->reason);
  if (self->conflict_ids != NULL)
    g_array_append_vals (copy->conflict_ids, self->conflict_ids->data, self->conflict_ids->len);
  return copy;
}

void
kasir_push_result_free (KasirPushResult *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->conflict_ids, g_array_unref);
  g_free (self->reason);
  g_free (self);
}

KasirPushResponse *
kasir_push_response_new (void)
{
  KasirPushResponse *self = g_new0 (KasirPushResponse, 1);

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_result_free);
  return self;
}

void
kasir_push_response_free (KasirPushResponse *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self);
}

JsonNode *
kasir_protocol_encode_mutation (const KasirMutation *mutation)
{
  JsonObject *obj;

  g_return_val_if_fail (mutation != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "seq", mutation->seq);
  set_string_or_null (obj, "id", mutation->id);
  set_string_or_null (obj, "type", kasir_mutation_type_to_string (mutation->type));
  set_string_or_null (obj, "created_at", mutation->created_at);
  if (mutation->payload != NULL)
    json_object_set_member (obj, "payload", json_node_copy (mutation->payload));
  else
    json_object_set_object_member (obj, "payload", json_object_new ());
  return object_node (obj);
}

static KasirMutation *
decode_mutation_object (JsonObject  *obj,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(KasirMutation) mutation = kasir_mutation_new ();
  g_autofree char *type = NULL;

  if (!get_int (obj, path, "seq", 1, G_MAXINT64, &mutation->seq, error) ||
      !get_uuid (obj, path, "id", FALSE, &mutation->id, error) ||
      !get_string (obj, path, "type", FALSE, FALSE, &type, error))
    return NULL;
  if (!kasir_mutation_type_from_string (type, &mutation->type))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "type", "unknown mutation type");
      return NULL;
    }
  if (!get_time (obj, path, "created_at", FALSE, &mutation->created_at, error) ||
      get_object (obj, path, "payload", error) == NULL)
    return NULL;

  g_clear_pointer (&mutation->payload, json_node_unref);
  mutation->payload = json_node_copy (json_object_get_member (obj, "payload"));
  return g_steal_pointer (&mutation);
}

KasirMutation *
kasir_protocol_decode_mutation (JsonNode  *node,
                                GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_mutation_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_push_request (const KasirPushRequest *req)
{
  JsonObject *obj;
  JsonArray *array;

  g_return_val_if_fail (req != NULL, NULL);

  obj = json_object_new ();
  array = json_array_new ();

  json_object_set_int_member (obj, "terminal_id", req->terminal_id);
  for (guint i = 0; req->mutations != NULL && i < req->mutations->len; i++)
    json_array_add_element (array,
                            kasir_protocol_encode_mutation (g_ptr_array_index (req->mutations, i)));
  json_object_set_array_member (obj, "mutations", array);
  return object_node (obj);
}

KasirPushRequest *
kasir_protocol_decode_push_request (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(KasirPushRequest) req = kasir_push_request_new ();
  JsonObject *root;
  JsonArray *array;

  if ((root = root_object (node, error)) == NULL ||
      !get_int (root, "", "terminal_id", 1, G_MAXINT64, &req->terminal_id, error) ||
      (array = get_array (root, "", "mutations", KASIR_PROTOCOL_MAX_MUTATIONS, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = element_path ("", "mutations", i);
      KasirMutation *mutation;
      JsonObject *item;

      if ((item = array_object (array, i, element, error)) == NULL ||
          (mutation = decode_mutation_object (item, element, error)) == NULL)
        return NULL;
      g_ptr_array_add (req->mutations, mutation);

      if (i > 0)
        {
          const KasirMutation *previous = g_ptr_array_index (req->mutations, i - 1);

          /* previous->seq >= 1, so adding one cannot overflow unless it is the maximum. */
          if (previous->seq == G_MAXINT64 || mutation->seq != previous->seq + 1)
            {
              fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, element, "seq",
                    "must be one more than the previous mutation's seq");
              return NULL;
            }
        }
    }

  return g_steal_pointer (&req);
}

JsonNode *
kasir_protocol_encode_push_result (const KasirPushResult *result)
{
  JsonObject *obj;
  JsonArray *ids;

  g_return_val_if_fail (result != NULL, NULL);

  obj = json_object_new ();
  ids = json_array_new ();

  json_object_set_int_member (obj, "seq", result->seq);
  set_string_or_null (obj, "status", kasir_result_status_to_string (result->status));
  for (guint i = 0; result->conflict_ids != NULL && i < result->conflict_ids->len; i++)
    json_array_add_int_element (ids, g_array_index (result->conflict_ids, gint64, i));
  json_object_set_array_member (obj, "conflict_ids", ids);
  if (result->reason != NULL)
    json_object_set_string_member (obj, "reason", result->reason);
  return object_node (obj);
}

static KasirPushResult *
decode_push_result_object (JsonObject  *obj,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(KasirPushResult) result = kasir_push_result_new ();
  g_autofree char *status = NULL;

  if (!get_int (obj, path, "seq", 1, G_MAXINT64, &result->seq, error) ||
      !get_string (obj, path, "status", FALSE, FALSE, &status, error))
    return NULL;
  if (!kasir_result_status_from_string (status, &result->status))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "status", "unknown result status");
      return NULL;
    }

  if (!is_null_or_absent (json_object_get_member (obj, "conflict_ids")))
    {
      JsonArray *ids = get_array (obj, path, "conflict_ids", MAX_CONFLICT_IDS, error);

      if (ids == NULL)
        return NULL;
      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          g_autofree char *element = element_path (path, "conflict_ids", i);
          gint64 id;

          if (!node_to_int (json_array_get_element (ids, i), element, NULL, &id, error) ||
              !check_int_range (id, 1, G_MAXINT64, element, NULL, error))
            return NULL;
          g_array_append_val (result->conflict_ids, id);
        }
    }

  if (!get_string (obj, path, "reason", TRUE, TRUE, &result->reason, error))
    return NULL;
  if (result->status == KASIR_RESULT_REJECTED && result->reason == NULL)
    {
      fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, "reason",
            "is required for a rejected mutation");
      return NULL;
    }

  return g_steal_pointer (&result);
}

KasirPushResult *
kasir_protocol_decode_push_result (JsonNode  *node,
                                   GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_push_result_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_push_response (const KasirPushResponse *resp)
{
  JsonObject *obj;
  JsonArray *array;

  g_return_val_if_fail (resp != NULL, NULL);

  obj = json_object_new ();
  array = json_array_new ();

  json_object_set_int_member (obj, "last_seq", resp->last_seq);
  for (guint i = 0; resp->results != NULL && i < resp->results->len; i++)
    {
      const KasirPushResult *result = g_ptr_array_index (resp->results, i);

      json_array_add_element (array, kasir_protocol_encode_push_result (result));
    }
  json_object_set_array_member (obj, "results", array);
  return object_node (obj);
}

KasirPushResponse *
kasir_protocol_decode_push_response (JsonNode  *node,
                                     GError   **error)
{
  g_autoptr(KasirPushResponse) resp = kasir_push_response_new ();
  JsonObject *root;
  JsonArray *array;

  if ((root = root_object (node, error)) == NULL ||
      !get_int (root, "", "last_seq", 0, G_MAXINT64, &resp->last_seq, error) ||
      (array = get_array (root, "", "results", KASIR_PROTOCOL_MAX_MUTATIONS, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = element_path ("", "results", i);
      KasirPushResult *result;
      JsonObject *item;

      if ((item = array_object (array, i, element, error)) == NULL ||
          (result = decode_push_result_object (item, element, error)) == NULL)
        return NULL;
      g_ptr_array_add (resp->results, result);
    }

  return g_steal_pointer (&resp);
}

/* ------------------------------------------------------------------------------------ */
/* sale.create                                                                          */
/* ------------------------------------------------------------------------------------ */

JsonNode *
kasir_protocol_encode_sale (const KasirSale *sale)
{
  JsonObject *obj;
  JsonArray *lines;

  g_return_val_if_fail (sale != NULL, NULL);

  obj = json_object_new ();
  lines = json_array_new ();

  set_string_or_null (obj, "sale_id", sale->sale_id);
  set_string_or_null (obj, "receipt_no", sale->receipt_no);
  set_string_or_null (obj, "shift_id", sale->shift_id);
  set_id_or_null (obj, "staff_id", sale->staff_id);
  set_id_or_null (obj, "customer_id", sale->customer_id);
  json_object_set_string_member (obj, "currency", sale->currency);
  json_object_set_boolean_member (obj, "tax_inclusive", sale->tax_inclusive);

  for (guint i = 0; sale->lines != NULL && i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = g_ptr_array_index (sale->lines, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "product_id", line->product_id);
      if (line->sku != NULL)
        json_object_set_string_member (item, "sku", line->sku);
      if (line->name != NULL)
        json_object_set_string_member (item, "name", line->name);
      json_object_set_int_member (item, "qty", line->qty);
      json_object_set_int_member (item, "unit_price", line->unit_price);
      json_object_set_int_member (item, "price_version", line->price_version);
      json_object_set_int_member (item, "tax_rate_bp", line->tax_rate_bp);
      json_object_set_int_member (item, "discount", line->discount);
      json_object_set_int_member (item, "tax", line->tax);
      json_object_set_int_member (item, "total", line->total);
      json_array_add_object_element (lines, item);
    }
  json_object_set_array_member (obj, "lines", lines);
  json_object_set_member (obj, "payments", encode_payments (sale->payments, TRUE));

  json_object_set_int_member (obj, "subtotal", sale->subtotal);
  json_object_set_int_member (obj, "discount", sale->discount);
  json_object_set_int_member (obj, "fee", sale->fee);
  json_object_set_int_member (obj, "tax", sale->tax);
  json_object_set_int_member (obj, "total", sale->total);
  json_object_set_int_member (obj, "change", sale->change);
  json_object_set_int_member (obj, "loyalty_redeemed", sale->loyalty_redeemed);
  set_string_or_null (obj, "created_at", sale->created_at);
  return object_node (obj);
}

static KasirSaleLine *
decode_sale_line (JsonObject  *obj,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(KasirSaleLine) line = kasir_sale_line_new ();
  gint64 rate = 0;

  g_clear_pointer (&line->sku, g_free);
  g_clear_pointer (&line->name, g_free);
  if (!get_int (obj, path, "product_id", 1, G_MAXINT64, &line->product_id, error) ||
      !get_string (obj, path, "sku", TRUE, TRUE, &line->sku, error) ||
      !get_string (obj, path, "name", TRUE, TRUE, &line->name, error) ||
      !get_int (obj, path, "qty", 1, KASIR_PROTOCOL_MAX_QTY, &line->qty, error) ||
      !get_int (obj, path, "unit_price", 0, KASIR_PROTOCOL_MAX_AMOUNT, &line->unit_price, error) ||
      !get_int (obj, path, "price_version", 0, G_MAXINT64, &line->price_version, error) ||
      (json_object_has_member (obj, "tax_rate_bp") &&
       !get_int (obj, path, "tax_rate_bp", 0, 10000, &rate, error)) ||
      !get_int (obj, path, "discount", 0, KASIR_PROTOCOL_MAX_AMOUNT, &line->discount, error) ||
      !get_int (obj, path, "tax", 0, KASIR_PROTOCOL_MAX_AMOUNT, &line->tax, error) ||
      !get_int (obj, path, "total", 0, KASIR_PROTOCOL_MAX_AMOUNT, &line->total, error))
    return NULL;

  line->tax_rate_bp = (guint) rate;
  return g_steal_pointer (&line);
}

static gboolean
map_sums_error (GError      *model_error,
                const char  *path,
                GError     **error)
{
  KasirProtocolError code = KASIR_PROTOCOL_ERROR_INVALID_VALUE;

  if (g_error_matches (model_error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS))
    code = KASIR_PROTOCOL_ERROR_SUMS;
  else if (g_error_matches (model_error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW))
    code = KASIR_PROTOCOL_ERROR_OUT_OF_RANGE;

  fail (error, code, path, NULL, "%s", model_error->message);
  return FALSE;
}

static KasirSale *
decode_sale_object (JsonObject  *obj,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(KasirSale) sale = kasir_sale_new ();
  g_autoptr(GError) sums_error = NULL;
  g_autofree char *currency = NULL;
  GPtrArray *payments;
  JsonArray *lines;

  g_clear_pointer (&sale->shift_id, g_free);
  if (!get_uuid (obj, path, "sale_id", FALSE, &sale->sale_id, error) ||
      !get_string (obj, path, "receipt_no", FALSE, FALSE, &sale->receipt_no, error) ||
      !get_uuid (obj, path, "shift_id", TRUE, &sale->shift_id, error) ||
      !get_opt_id (obj, path, "staff_id", &sale->staff_id, error) ||
      !get_opt_id (obj, path, "customer_id", &sale->customer_id, error) ||
      !get_string (obj, path, "currency", FALSE, FALSE, &currency, error))
    return NULL;

  if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
      !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2]))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "currency",
            "must be three upper-case letters");
      return NULL;
    }
  memcpy (sale->currency, currency, 4);

  if (!get_bool (obj, path, "tax_inclusive", TRUE, TRUE, &sale->tax_inclusive, error) ||
      (lines = get_array (obj, path, "lines", KASIR_PROTOCOL_MAX_LINES, error)) == NULL)
    return NULL;
  if (json_array_get_length (lines) == 0)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "lines", "must not be empty");
      return NULL;
    }

  if (sale->lines == NULL)
    sale->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_free);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      g_autofree char *element = element_path (path, "lines", i);
      KasirSaleLine *line;
      JsonObject *item;

      if ((item = array_object (lines, i, element, error)) == NULL ||
          (line = decode_sale_line (item, element, error)) == NULL)
        return NULL;
      g_ptr_array_add (sale->lines, line);
    }

  payments = decode_payments (obj, path, "payments", 1, TRUE, FALSE, error);
  if (payments == NULL)
    return NULL;
  g_clear_pointer (&sale->payments, g_ptr_array_unref);
  sale->payments = payments;

  if (!get_int (obj, path, "subtotal", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->subtotal, error) ||
      !get_int (obj, path, "discount", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->discount, error) ||
      !get_int (obj, path, "fee", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->fee, error) ||
      !get_int (obj, path, "tax", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->tax, error) ||
      !get_int (obj, path, "total", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->total, error) ||
      !get_int (obj, path, "change", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->change, error) ||
      !get_int (obj, path, "loyalty_redeemed", 0, KASIR_PROTOCOL_MAX_AMOUNT, &sale->loyalty_redeemed, error) ||
      !get_time (obj, path, "created_at", FALSE, &sale->created_at, error))
    return NULL;

  if (!kasir_sale_check_sums (sale, &sums_error))
    {
      map_sums_error (sums_error, path, error);
      return NULL;
    }

  return g_steal_pointer (&sale);
}

KasirSale *
kasir_protocol_decode_sale (JsonNode  *node,
                            GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_sale_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* sale.refund                                                                          */
/* ------------------------------------------------------------------------------------ */

void
kasir_refund_free (KasirRefund *self)
{
  if (self == NULL)
    return;
  g_free (self->refund_id);
  g_free (self->sale_id);
  g_free (self->reason);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->payments, g_ptr_array_unref);
  g_free (self->created_at);
  g_free (self);
}

JsonNode *
kasir_protocol_encode_refund (const KasirRefund *refund)
{
  JsonObject *obj;
  JsonArray *lines;

  g_return_val_if_fail (refund != NULL, NULL);

  obj = json_object_new ();
  lines = json_array_new ();

  set_string_or_null (obj, "refund_id", refund->refund_id);
  set_string_or_null (obj, "sale_id", refund->sale_id);
  set_string_or_null (obj, "reason", refund->reason);
  json_object_set_int_member (obj, "staff_id", refund->staff_id);
  for (guint i = 0; refund->lines != NULL && i < refund->lines->len; i++)
    {
      const KasirRefundLine *line = g_ptr_array_index (refund->lines, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "product_id", line->product_id);
      json_object_set_int_member (item, "qty", line->qty);
      json_object_set_int_member (item, "amount", line->amount);
      json_array_add_object_element (lines, item);
    }
  json_object_set_array_member (obj, "lines", lines);
  json_object_set_member (obj, "payments", encode_payments (refund->payments, FALSE));
  json_object_set_int_member (obj, "total", refund->total);
  set_string_or_null (obj, "created_at", refund->created_at);
  return object_node (obj);
}

static KasirRefund *
decode_refund_object (JsonObject  *obj,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(KasirRefund) refund = g_new0 (KasirRefund, 1);
  JsonArray *lines;
  KasirMoney line_sum = 0;
  KasirMoney paid = 0;

  refund->lines = g_ptr_array_new_with_free_func (g_free);
  if (!get_uuid (obj, path, "refund_id", FALSE, &refund->refund_id, error) ||
      !get_uuid (obj, path, "sale_id", FALSE, &refund->sale_id, error) ||
      !get_string (obj, path, "reason", FALSE, TRUE, &refund->reason, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &refund->staff_id, error) ||
      (lines = get_array (obj, path, "lines", KASIR_PROTOCOL_MAX_LINES, error)) == NULL)
    return NULL;
  if (json_array_get_length (lines) == 0)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "lines", "must not be empty");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      g_autofree char *element = element_path (path, "lines", i);
      g_autofree KasirRefundLine *line = g_new0 (KasirRefundLine, 1);
      JsonObject *item;

      if ((item = array_object (lines, i, element, error)) == NULL ||
          !get_int (item, element, "product_id", 1, G_MAXINT64, &line->product_id, error) ||
          !get_int (item, element, "qty", 1, KASIR_PROTOCOL_MAX_QTY, &line->qty, error) ||
          !get_int (item, element, "amount", 0, KASIR_PROTOCOL_MAX_AMOUNT, &line->amount, error))
        return NULL;
      if (!kasir_money_add (line_sum, line->amount, &line_sum))
        {
          fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, "lines",
                "amounts add up to more than 64 bits");
          return NULL;
        }
      g_ptr_array_add (refund->lines, g_steal_pointer (&line));
    }

  refund->payments = decode_payments (obj, path, "payments", 1, FALSE, FALSE, error);
  if (refund->payments == NULL ||
      !get_int (obj, path, "total", 0, KASIR_PROTOCOL_MAX_AMOUNT, &refund->total, error) ||
      !get_time (obj, path, "created_at", FALSE, &refund->created_at, error))
    return NULL;

  if (!sum_payments (refund->payments, &paid))
    {
      fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, "payments",
            "amounts add up to more than 64 bits");
      return NULL;
    }
  if (line_sum != refund->total)
    {
      fail (error, KASIR_PROTOCOL_ERROR_SUMS, path, "total",
            "%" G_GINT64_FORMAT " is not the sum of the line amounts, %" G_GINT64_FORMAT,
            refund->total, line_sum);
      return NULL;
    }
  if (paid != refund->total)
    {
      fail (error, KASIR_PROTOCOL_ERROR_SUMS, path, "payments",
            "add up to %" G_GINT64_FORMAT ", not the total %" G_GINT64_FORMAT,
            paid, refund->total);
      return NULL;
    }

  return g_steal_pointer (&refund);
}

KasirRefund *
kasir_protocol_decode_refund (JsonNode  *node,
                              GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_refund_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* shift.open, shift.close                                                              */
/* ------------------------------------------------------------------------------------ */

void
kasir_shift_event_free (KasirShiftEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->shift_id);
  g_free (self->at);
  g_clear_pointer (&self->counted, g_ptr_array_unref);
  g_clear_pointer (&self->expected, g_ptr_array_unref);
  g_free (self);
}

JsonNode *
kasir_protocol_encode_shift_open (const KasirShiftEvent *ev)
{
  JsonObject *obj;

  g_return_val_if_fail (ev != NULL, NULL);

  obj = json_object_new ();

  set_string_or_null (obj, "shift_id", ev->shift_id);
  json_object_set_int_member (obj, "staff_id", ev->staff_id);
  json_object_set_int_member (obj, "opening_float", ev->opening_float);
  set_string_or_null (obj, "opened_at", ev->at);
  return object_node (obj);
}

static KasirShiftEvent *
decode_shift_open_object (JsonObject  *obj,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(KasirShiftEvent) ev = g_new0 (KasirShiftEvent, 1);

  if (!get_uuid (obj, path, "shift_id", FALSE, &ev->shift_id, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &ev->staff_id, error) ||
      !get_int (obj, path, "opening_float", 0, KASIR_PROTOCOL_MAX_AMOUNT, &ev->opening_float, error) ||
      !get_time (obj, path, "opened_at", FALSE, &ev->at, error))
    return NULL;

  return g_steal_pointer (&ev);
}

KasirShiftEvent *
kasir_protocol_decode_shift_open (JsonNode  *node,
                                  GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_shift_open_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_shift_close (const KasirShiftEvent *ev)
{
  JsonObject *obj;

  g_return_val_if_fail (ev != NULL, NULL);

  obj = json_object_new ();

  set_string_or_null (obj, "shift_id", ev->shift_id);
  json_object_set_int_member (obj, "staff_id", ev->staff_id);
  set_string_or_null (obj, "closed_at", ev->at);
  json_object_set_member (obj, "counted", encode_payments (ev->counted, FALSE));
  json_object_set_member (obj, "expected", encode_payments (ev->expected, FALSE));
  return object_node (obj);
}

static KasirShiftEvent *
decode_shift_close_object (JsonObject  *obj,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(KasirShiftEvent) ev = g_new0 (KasirShiftEvent, 1);

  if (!get_uuid (obj, path, "shift_id", FALSE, &ev->shift_id, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &ev->staff_id, error) ||
      !get_time (obj, path, "closed_at", FALSE, &ev->at, error) ||
      (ev->counted = decode_payments (obj, path, "counted", 0, FALSE, TRUE, error)) == NULL ||
      (ev->expected = decode_payments (obj, path, "expected", 0, FALSE, TRUE, error)) == NULL)
    return NULL;

  return g_steal_pointer (&ev);
}

KasirShiftEvent *
kasir_protocol_decode_shift_close (JsonNode  *node,
                                   GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_shift_close_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* product.update, customer.upsert                                                      */
/* ------------------------------------------------------------------------------------ */

typedef enum
{
  FIELD_NAME,            /* non-empty string */
  FIELD_STRING,          /* string */
  FIELD_STRING_OR_NULL,
  FIELD_MONEY,           /* integer >= 0 */
  FIELD_RATE_BP,         /* integer 0..10000 */
  FIELD_ID_OR_NULL,      /* integer > 0 or null */
  FIELD_BOOL,
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
} FieldSpec;

static const FieldSpec product_fields[] = {
  { "name", FIELD_NAME },
  { "price", FIELD_MONEY },
  { "barcode", FIELD_STRING_OR_NULL },
  { "sku", FIELD_STRING },
  { "tax_rate_bp", FIELD_RATE_BP },
  { "category_id", FIELD_ID_OR_NULL },
  { "archived", FIELD_BOOL },
  { NULL, 0 },
};

static const FieldSpec customer_fields[] = {
  { "name", FIELD_NAME },
  { "phone", FIELD_STRING_OR_NULL },
  { "email", FIELD_STRING_OR_NULL },
  { NULL, 0 },
};

static gboolean
check_field (JsonObject       *fields,
             const char       *path,
             const FieldSpec  *spec,
             GError          **error)
{
  g_autofree char *text = NULL;
  gint64 number;
  gboolean flag;

  switch (spec->kind)
    {
    case FIELD_NAME:
      return get_string (fields, path, spec->name, FALSE, FALSE, &text, error);
    case FIELD_STRING:
      return get_string (fields, path, spec->name, FALSE, TRUE, &text, error);
    case FIELD_STRING_OR_NULL:
      return get_string (fields, path, spec->name, TRUE, TRUE, &text, error);
    case FIELD_MONEY:
      return get_int (fields, path, spec->name, 0, KASIR_PROTOCOL_MAX_AMOUNT, &number, error);
    case FIELD_RATE_BP:
      return get_int (fields, path, spec->name, 0, 10000, &number, error);
    case FIELD_ID_OR_NULL:
      return get_opt_id (fields, path, spec->name, &number, error);
    case FIELD_BOOL:
      return get_bool (fields, path, spec->name, FALSE, FALSE, &flag, error);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Checks "fields": an object of at least one known key with the right types. */
static gboolean
check_fields (JsonObject       *obj,
              const char       *path,
              const FieldSpec  *specs,
              JsonNode        **out,
              GError          **error)
{
  g_autofree char *fields_path = join_path (path, "fields");
  g_autoptr(GList) names = NULL;
  JsonObject *fields;

  if ((fields = get_object (obj, path, "fields", error)) == NULL)
    return FALSE;
  if (json_object_get_size (fields) == 0)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "fields",
            "must change at least one field");
      return FALSE;
    }

  names = json_object_get_members (fields);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const FieldSpec *spec = specs;

      while (spec->name != NULL && strcmp (spec->name, name) != 0)
        spec++;
      if (spec->name == NULL)
        {
          fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, fields_path, name, "unknown field");
          return FALSE;
        }
      if (!check_field (fields, fields_path, spec, error))
        return FALSE;
    }

  *out = json_node_copy (json_object_get_member (obj, "fields"));
  return TRUE;
}

void
kasir_edit_free (KasirEdit *self)
{
  if (self == NULL)
    return;
  g_free (self->client_id);
  g_clear_pointer (&self->fields, json_node_unref);
  g_free (self);
}

static void
set_fields (JsonObject      *obj,
            const KasirEdit *edit)
{
  if (edit->fields != NULL)
    json_object_set_member (obj, "fields", json_node_copy (edit->fields));
  else
    json_object_set_object_member (obj, "fields", json_object_new ());
}

JsonNode *
kasir_protocol_encode_product_update (const KasirEdit *edit)
{
  JsonObject *obj;

  g_return_val_if_fail (edit != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "product_id", edit->entity_id);
  json_object_set_int_member (obj, "base_version", edit->base_version);
  json_object_set_int_member (obj, "staff_id", edit->staff_id);
  set_fields (obj, edit);
  return object_node (obj);
}

static KasirEdit *
decode_product_update_object (JsonObject  *obj,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);

  if (!get_int (obj, path, "product_id", 1, G_MAXINT64, &edit->entity_id, error) ||
      !get_int (obj, path, "base_version", 0, G_MAXINT64, &edit->base_version, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &edit->staff_id, error) ||
      !check_fields (obj, path, product_fields, &edit->fields, error))
    return NULL;

  return g_steal_pointer (&edit);
}

KasirEdit *
kasir_protocol_decode_product_update (JsonNode  *node,
                                      GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_product_update_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_customer_upsert (const KasirEdit *edit)
{
  JsonObject *obj;

  g_return_val_if_fail (edit != NULL, NULL);

  obj = json_object_new ();

  set_id_or_null (obj, "customer_id", edit->entity_id);
  set_string_or_null (obj, "client_id", edit->client_id);
  json_object_set_int_member (obj, "base_version", edit->base_version);
  json_object_set_int_member (obj, "staff_id", edit->staff_id);
  set_fields (obj, edit);
  return object_node (obj);
}

static KasirEdit *
decode_customer_upsert_object (JsonObject  *obj,
                               const char  *path,
                               GError     **error)
{
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);
  JsonNode *customer = json_object_get_member (obj, "customer_id");

  /* 0 and null both mean a customer made on this terminal. */
  if (!is_null_or_absent (customer) &&
      !get_int (obj, path, "customer_id", 0, G_MAXINT64, &edit->entity_id, error))
    return NULL;
  if (!get_uuid (obj, path, "client_id", FALSE, &edit->client_id, error) ||
      !get_int (obj, path, "base_version", 0, G_MAXINT64, &edit->base_version, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &edit->staff_id, error) ||
      !check_fields (obj, path, customer_fields, &edit->fields, error))
    return NULL;

  if (edit->entity_id == 0 &&
      !json_object_has_member (json_node_get_object (edit->fields), "name"))
    {
      g_autofree char *fields_path = join_path (path, "fields");

      fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, fields_path, "name",
            "is required for a new customer");
      return NULL;
    }

  return g_steal_pointer (&edit);
}

KasirEdit *
kasir_protocol_decode_customer_upsert (JsonNode  *node,
                                       GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_customer_upsert_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* stock.adjust                                                                         */
/* ------------------------------------------------------------------------------------ */

void
kasir_stock_adjust_free (KasirStockAdjust *self)
{
  if (self == NULL)
    return;
  g_free (self->reason);
  g_free (self);
}

JsonNode *
kasir_protocol_encode_stock_adjust (const KasirStockAdjust *adj)
{
  JsonObject *obj;

  g_return_val_if_fail (adj != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "product_id", adj->product_id);
  json_object_set_int_member (obj, "delta", adj->delta);
  set_string_or_null (obj, "reason", adj->reason);
  json_object_set_int_member (obj, "staff_id", adj->staff_id);
  return object_node (obj);
}

static KasirStockAdjust *
decode_stock_adjust_object (JsonObject  *obj,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(KasirStockAdjust) adj = g_new0 (KasirStockAdjust, 1);

  if (!get_int (obj, path, "product_id", 1, G_MAXINT64, &adj->product_id, error) ||
      !get_int (obj, path, "delta", -KASIR_PROTOCOL_MAX_QTY, KASIR_PROTOCOL_MAX_QTY, &adj->delta, error) ||
      !get_string (obj, path, "reason", FALSE, TRUE, &adj->reason, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &adj->staff_id, error))
    return NULL;
  if (adj->delta == 0)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "delta", "must not be 0");
      return NULL;
    }

  return g_steal_pointer (&adj);
}

KasirStockAdjust *
kasir_protocol_decode_stock_adjust (JsonNode  *node,
                                    GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_stock_adjust_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* conflict.resolve                                                                     */
/* ------------------------------------------------------------------------------------ */

static const char * const decisions[] = {
  "accept", "counted_stock", "void_sale", "charge_difference", "write_off", "merge",
  "acknowledge", NULL,
};

void
kasir_conflict_resolve_free (KasirConflictResolve *self)
{
  if (self == NULL)
    return;
  g_free (self->decision);
  g_free (self->note);
  g_clear_pointer (&self->values, json_node_unref);
  g_free (self);
}

JsonNode *
kasir_protocol_encode_conflict_resolve (const KasirConflictResolve *r)
{
  JsonObject *obj;

  g_return_val_if_fail (r != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "conflict_id", r->conflict_id);
  json_object_set_int_member (obj, "expected_version", r->expected_version);
  set_string_or_null (obj, "decision", r->decision);
  set_string_or_null (obj, "note", r->note);
  json_object_set_int_member (obj, "staff_id", r->staff_id);
  set_node_or_null (obj, "values", r->values);
  return object_node (obj);
}

static KasirConflictResolve *
decode_conflict_resolve_object (JsonObject  *obj,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(KasirConflictResolve) r = g_new0 (KasirConflictResolve, 1);

  if (!get_int (obj, path, "conflict_id", 1, G_MAXINT64, &r->conflict_id, error) ||
      !get_int (obj, path, "expected_version", 0, G_MAXINT64, &r->expected_version, error) ||
      !get_string (obj, path, "decision", FALSE, FALSE, &r->decision, error))
    return NULL;
  if (!g_strv_contains (decisions, r->decision))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "decision", "unknown decision");
      return NULL;
    }
  if (!get_string (obj, path, "note", TRUE, TRUE, &r->note, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &r->staff_id, error) ||
      !get_opt_object_copy (obj, path, "values", &r->values, error))
    return NULL;
  /* A counted figure becomes the outlet's stock as it is. */
  if (g_str_equal (r->decision, "counted_stock"))
    {
      g_autofree char *values_path = join_path (path, "values");
      gint64 qty;

      if (r->values == NULL)
        {
          fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, "values",
                "is required for counted_stock");
          return NULL;
        }
      if (!get_int (json_node_get_object (r->values), values_path, "qty", 0,
                    KASIR_PROTOCOL_MAX_QTY, &qty, error))
        return NULL;
    }

  return g_steal_pointer (&r);
}

KasirConflictResolve *
kasir_protocol_decode_conflict_resolve (JsonNode  *node,
                                        GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_conflict_resolve_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Entities                                                                             */
/* ------------------------------------------------------------------------------------ */

JsonNode *
kasir_protocol_encode_product (const KasirProduct *product)
{
  JsonObject *obj;

  g_return_val_if_fail (product != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "id", product->id);
  set_string_or_null (obj, "sku", product->sku);
  set_string_or_null (obj, "barcode", product->barcode);
  set_string_or_null (obj, "name", product->name);
  json_object_set_int_member (obj, "price", product->price);
  json_object_set_int_member (obj, "price_version", product->price_version);
  json_object_set_int_member (obj, "tax_rate_bp", product->tax_rate_bp);
  set_id_or_null (obj, "category_id", product->category_id);
  json_object_set_boolean_member (obj, "archived", product->archived);
  json_object_set_int_member (obj, "version", product->version);
  return object_node (obj);
}

static KasirProduct *
decode_product_object (JsonObject  *obj,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(KasirProduct) product = kasir_product_new ();

  g_clear_pointer (&product->sku, g_free);
  g_clear_pointer (&product->barcode, g_free);
  g_clear_pointer (&product->name, g_free);
  if (!get_int (obj, path, "id", 1, G_MAXINT64, &product->id, error) ||
      !get_string (obj, path, "sku", FALSE, TRUE, &product->sku, error) ||
      !get_string (obj, path, "barcode", TRUE, TRUE, &product->barcode, error) ||
      !get_string (obj, path, "name", FALSE, FALSE, &product->name, error) ||
      !get_int (obj, path, "price", 0, KASIR_PROTOCOL_MAX_AMOUNT, &product->price, error) ||
      !get_int (obj, path, "price_version", 0, G_MAXINT64, &product->price_version, error) ||
      !get_bp (obj, path, "tax_rate_bp", &product->tax_rate_bp, error) ||
      !get_opt_id (obj, path, "category_id", &product->category_id, error) ||
      !get_bool (obj, path, "archived", FALSE, FALSE, &product->archived, error) ||
      !get_int (obj, path, "version", 0, G_MAXINT64, &product->version, error))
    return NULL;

  return g_steal_pointer (&product);
}

KasirProduct *
kasir_protocol_decode_product (JsonNode  *node,
                               GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_product_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_category (const KasirCategory *category)
{
  JsonObject *obj;

  g_return_val_if_fail (category != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "id", category->id);
  set_string_or_null (obj, "name", category->name);
  set_id_or_null (obj, "parent_id", category->parent_id);
  json_object_set_boolean_member (obj, "archived", category->archived);
  json_object_set_int_member (obj, "version", category->version);
  return object_node (obj);
}

static KasirCategory *
decode_category_object (JsonObject  *obj,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(KasirCategory) category = kasir_category_new ();

  g_clear_pointer (&category->name, g_free);
  if (!get_int (obj, path, "id", 1, G_MAXINT64, &category->id, error) ||
      !get_string (obj, path, "name", FALSE, FALSE, &category->name, error) ||
      !get_opt_id (obj, path, "parent_id", &category->parent_id, error) ||
      !get_bool (obj, path, "archived", TRUE, FALSE, &category->archived, error) ||
      !get_int (obj, path, "version", 0, G_MAXINT64, &category->version, error))
    return NULL;

  return g_steal_pointer (&category);
}

KasirCategory *
kasir_protocol_decode_category (JsonNode  *node,
                                GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_category_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_stock (const KasirStock *stock)
{
  JsonObject *obj;

  g_return_val_if_fail (stock != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "product_id", stock->product_id);
  json_object_set_int_member (obj, "outlet_id", stock->outlet_id);
  json_object_set_int_member (obj, "qty", stock->qty);
  return object_node (obj);
}

static KasirStock *
decode_stock_object (JsonObject  *obj,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(KasirStock) stock = kasir_stock_new ();

  if (!get_int (obj, path, "product_id", 1, G_MAXINT64, &stock->product_id, error) ||
      !get_int (obj, path, "outlet_id", 1, G_MAXINT64, &stock->outlet_id, error) ||
      !get_int (obj, path, "qty", -KASIR_PROTOCOL_MAX_STOCK, KASIR_PROTOCOL_MAX_STOCK, &stock->qty, error))
    return NULL;

  return g_steal_pointer (&stock);
}

KasirStock *
kasir_protocol_decode_stock (JsonNode  *node,
                             GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_stock_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_customer (const KasirCustomer *customer)
{
  JsonObject *obj;

  g_return_val_if_fail (customer != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "id", customer->id);
  set_string_or_null (obj, "name", customer->name);
  set_string_or_null (obj, "phone", customer->phone);
  set_string_or_null (obj, "email", customer->email);
  json_object_set_int_member (obj, "loyalty_points", customer->loyalty_points);
  json_object_set_int_member (obj, "version", customer->version);
  return object_node (obj);
}

static KasirCustomer *
decode_customer_object (JsonObject  *obj,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(KasirCustomer) customer = kasir_customer_new ();

  g_clear_pointer (&customer->name, g_free);
  g_clear_pointer (&customer->phone, g_free);
  g_clear_pointer (&customer->email, g_free);
  if (!get_int (obj, path, "id", 1, G_MAXINT64, &customer->id, error) ||
      !get_string (obj, path, "name", FALSE, FALSE, &customer->name, error) ||
      !get_string (obj, path, "phone", TRUE, TRUE, &customer->phone, error) ||
      !get_string (obj, path, "email", TRUE, TRUE, &customer->email, error) ||
      !get_int (obj, path, "loyalty_points", 0, KASIR_PROTOCOL_MAX_AMOUNT, &customer->loyalty_points, error) ||
      !get_int (obj, path, "version", 0, G_MAXINT64, &customer->version, error))
    return NULL;

  return g_steal_pointer (&customer);
}

KasirCustomer *
kasir_protocol_decode_customer (JsonNode  *node,
                                GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_customer_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_staff (const KasirStaff *staff)
{
  JsonObject *obj;

  g_return_val_if_fail (staff != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "id", staff->id);
  json_object_set_int_member (obj, "outlet_id", staff->outlet_id);
  set_string_or_null (obj, "name", staff->name);
  set_string_or_null (obj, "role", staff->role);
  set_string_or_null (obj, "pin_hash", staff->pin_hash);
  json_object_set_boolean_member (obj, "active", staff->active);
  return object_node (obj);
}

static KasirStaff *
decode_staff_object (JsonObject  *obj,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(KasirStaff) staff = kasir_staff_new ();

  g_clear_pointer (&staff->name, g_free);
  g_clear_pointer (&staff->role, g_free);
  g_clear_pointer (&staff->pin_hash, g_free);
  if (!get_int (obj, path, "id", 1, G_MAXINT64, &staff->id, error) ||
      !get_int (obj, path, "outlet_id", 1, G_MAXINT64, &staff->outlet_id, error) ||
      !get_string (obj, path, "name", FALSE, FALSE, &staff->name, error) ||
      !get_string (obj, path, "role", FALSE, FALSE, &staff->role, error))
    return NULL;
  if (strcmp (staff->role, "cashier") != 0 && strcmp (staff->role, "manager") != 0)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "role", "unknown role");
      return NULL;
    }
  if (!get_string (obj, path, "pin_hash", FALSE, FALSE, &staff->pin_hash, error) ||
      !get_bool (obj, path, "active", FALSE, FALSE, &staff->active, error))
    return NULL;

  return g_steal_pointer (&staff);
}

KasirStaff *
kasir_protocol_decode_staff (JsonNode  *node,
                             GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_staff_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_shift (const KasirShift *shift)
{
  JsonObject *obj;

  g_return_val_if_fail (shift != NULL, NULL);

  obj = json_object_new ();

  set_string_or_null (obj, "id", shift->id);
  json_object_set_int_member (obj, "outlet_id", shift->outlet_id);
  json_object_set_int_member (obj, "terminal_id", shift->terminal_id);
  json_object_set_int_member (obj, "staff_id", shift->staff_id);
  set_string_or_null (obj, "opened_at", shift->opened_at);
  set_string_or_null (obj, "closed_at", shift->closed_at);
  json_object_set_int_member (obj, "opening_float", shift->opening_float);
  json_object_set_int_member (obj, "counted_cash", shift->counted_cash);
  return object_node (obj);
}

static KasirShift *
decode_shift_object (JsonObject  *obj,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(KasirShift) shift = kasir_shift_new ();

  g_clear_pointer (&shift->id, g_free);
  g_clear_pointer (&shift->opened_at, g_free);
  g_clear_pointer (&shift->closed_at, g_free);
  if (!get_uuid (obj, path, "id", FALSE, &shift->id, error) ||
      !get_int (obj, path, "outlet_id", 1, G_MAXINT64, &shift->outlet_id, error) ||
      !get_int (obj, path, "terminal_id", 1, G_MAXINT64, &shift->terminal_id, error) ||
      !get_int (obj, path, "staff_id", 1, G_MAXINT64, &shift->staff_id, error) ||
      !get_time (obj, path, "opened_at", FALSE, &shift->opened_at, error) ||
      !get_time (obj, path, "closed_at", TRUE, &shift->closed_at, error) ||
      !get_int (obj, path, "opening_float", 0, KASIR_PROTOCOL_MAX_AMOUNT, &shift->opening_float, error) ||
      !get_int (obj, path, "counted_cash", 0, KASIR_PROTOCOL_MAX_AMOUNT, &shift->counted_cash, error))
    return NULL;

  return g_steal_pointer (&shift);
}

KasirShift *
kasir_protocol_decode_shift (JsonNode  *node,
                             GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_shift_object (root, "", error) : NULL;
}

JsonNode *
kasir_protocol_encode_conflict (const KasirConflict *conflict)
{
  JsonObject *obj;

  g_return_val_if_fail (conflict != NULL, NULL);

  obj = json_object_new ();

  json_object_set_int_member (obj, "id", conflict->id);
  set_string_or_null (obj, "kind", kasir_conflict_kind_to_string (conflict->kind));
  set_string_or_null (obj, "status", kasir_conflict_status_to_string (conflict->status));
  set_string_or_null (obj, "entity", conflict->entity);
  set_text_id (obj, "entity_id", conflict->entity_id);
  set_node_or_null (obj, "base", conflict->base);
  set_node_or_null (obj, "terminal", conflict->terminal);
  set_node_or_null (obj, "server", conflict->server);
  json_object_set_int_member (obj, "terminal_id", conflict->terminal_id);
  json_object_set_int_member (obj, "seq", conflict->seq);
  set_string_or_null (obj, "created_at", conflict->created_at);
  set_node_or_null (obj, "resolution", conflict->resolution);
  json_object_set_int_member (obj, "version", conflict->version);
  return object_node (obj);
}

static KasirConflict *
decode_conflict_object (JsonObject  *obj,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(KasirConflict) conflict = kasir_conflict_new ();
  g_autofree char *kind = NULL;
  g_autofree char *status = NULL;

  g_clear_pointer (&conflict->entity, g_free);
  g_clear_pointer (&conflict->entity_id, g_free);
  g_clear_pointer (&conflict->created_at, g_free);
  g_clear_pointer (&conflict->base, json_node_unref);
  g_clear_pointer (&conflict->terminal, json_node_unref);
  g_clear_pointer (&conflict->server, json_node_unref);
  g_clear_pointer (&conflict->resolution, json_node_unref);

  if (!get_int (obj, path, "id", 1, G_MAXINT64, &conflict->id, error) ||
      !get_string (obj, path, "kind", FALSE, FALSE, &kind, error))
    return NULL;
  if (!kasir_conflict_kind_from_string (kind, &conflict->kind))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "kind", "unknown conflict kind");
      return NULL;
    }
  if (!get_string (obj, path, "status", FALSE, FALSE, &status, error))
    return NULL;
  if (!kasir_conflict_status_from_string (status, &conflict->status))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "status",
            "unknown conflict status");
      return NULL;
    }
  if (!get_string (obj, path, "entity", FALSE, FALSE, &conflict->entity, error) ||
      !get_text_id (obj, path, "entity_id", &conflict->entity_id, error))
    return NULL;

  get_any_copy (obj, "base", &conflict->base);
  get_any_copy (obj, "terminal", &conflict->terminal);
  get_any_copy (obj, "server", &conflict->server);

  if (!get_int (obj, path, "terminal_id", 0, G_MAXINT64, &conflict->terminal_id, error) ||
      !get_int (obj, path, "seq", 0, G_MAXINT64, &conflict->seq, error) ||
      !get_time (obj, path, "created_at", FALSE, &conflict->created_at, error) ||
      !get_opt_object_copy (obj, path, "resolution", &conflict->resolution, error) ||
      !get_int (obj, path, "version", 0, G_MAXINT64, &conflict->version, error))
    return NULL;

  return g_steal_pointer (&conflict);
}

KasirConflict *
kasir_protocol_decode_conflict (JsonNode  *node,
                                GError   **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? decode_conflict_object (root, "", error) : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Pull                                                                                 */
/* ------------------------------------------------------------------------------------ */

static const char * const entities[] = {
  "product", "category", "stock", "customer", "staff", "shift", "conflict", "setting", NULL,
};

/* Entities whose ids are server integers, sent as JSON integers. */
static gboolean
entity_has_integer_id (const char *entity)
{
  return g_strcmp0 (entity, "product") == 0 || g_strcmp0 (entity, "category") == 0 ||
         g_strcmp0 (entity, "customer") == 0 || g_strcmp0 (entity, "staff") == 0 ||
         g_strcmp0 (entity, "conflict") == 0;
}

KasirChange *
kasir_change_new (void)
{
  return g_new0 (KasirChange, 1);
}

void
kasir_change_free (KasirChange *self)
{
  if (self == NULL)
    return;
  g_free (self->entity);
  g_free (self->id);
  g_clear_pointer (&self->data, json_node_unref);
  if (self->entity_data != NULL && self->entity_data_free != NULL)
    self->entity_data_free (self->entity_data);
  g_free (self);
}

KasirPullResponse *
kasir_pull_response_new (void)
{
  KasirPullResponse *self = g_new0 (KasirPullResponse, 1);

  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_change_free);
  return self;
}

void
kasir_pull_response_free (KasirPullResponse *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_free (self);
}

JsonNode *
kasir_protocol_encode_pull_response (const KasirPullResponse *resp)
{
  JsonObject *obj;
  JsonArray *changes;

  g_return_val_if_fail (resp != NULL, NULL);

  obj = json_object_new ();
  changes = json_array_new ();

  for (guint i = 0; resp->changes != NULL && i < resp->changes->len; i++)
    {
      const KasirChange *change = g_ptr_array_index (resp->changes, i);
      JsonObject *item = json_object_new ();

      set_string_or_null (item, "entity", change->entity);
      if (entity_has_integer_id (change->entity))
        set_text_id (item, "id", change->id);
      else
        set_string_or_null (item, "id", change->id);
      json_object_set_string_member (item, "op", change->deleted ? "del" : "put");
      set_node_or_null (item, "data", change->data);
      json_array_add_object_element (changes, item);
    }

  json_object_set_array_member (obj, "changes", changes);
  json_object_set_int_member (obj, "cursor", resp->cursor);
  json_object_set_boolean_member (obj, "has_more", resp->has_more);
  json_object_set_int_member (obj, "last_seq", resp->last_seq);
  json_object_set_boolean_member (obj, "reset", resp->reset);
  if (resp->head > 0)
    json_object_set_int_member (obj, "head", resp->head);
  return object_node (obj);
}

static gboolean
id_matches (const char *expected,
            gint64      id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return g_strcmp0 (expected, text) == 0;
}

/* Checks a "put" change's data against its entity's shape, and that the data describes
 * the entity the change names. */
static gboolean
check_entity_data (KasirChange  *change,
                   JsonObject   *data,
                   const char   *path,
                   GError      **error)
{
  const char *entity = change->entity;
  gboolean same = TRUE;

  /* The catalog entities, which make up nearly all of a large pull, are kept decoded so
   * that the receiver does not decode them a second time. */
  if (strcmp (entity, "product") == 0)
    {
      KasirProduct *product = decode_product_object (data, path, error);

      if (product == NULL)
        return FALSE;
      same = id_matches (change->id, product->id);
      change->entity_data = product;
      change->entity_data_free = (GDestroyNotify) kasir_product_free;
    }
  else if (strcmp (entity, "category") == 0)
    {
      KasirCategory *category = decode_category_object (data, path, error);

      if (category == NULL)
        return FALSE;
      same = id_matches (change->id, category->id);
      change->entity_data = category;
      change->entity_data_free = (GDestroyNotify) kasir_category_free;
    }
  else if (strcmp (entity, "stock") == 0)
    {
      KasirStock *stock = decode_stock_object (data, path, error);

      if (stock == NULL)
        return FALSE;
      change->entity_data = stock;
      change->entity_data_free = (GDestroyNotify) kasir_stock_free;
    }
  else if (strcmp (entity, "customer") == 0)
    {
      g_autoptr(KasirCustomer) customer = decode_customer_object (data, path, error);

      if (customer == NULL)
        return FALSE;
      same = id_matches (change->id, customer->id);
    }
  else if (strcmp (entity, "staff") == 0)
    {
      g_autoptr(KasirStaff) staff = decode_staff_object (data, path, error);

      if (staff == NULL)
        return FALSE;
      same = id_matches (change->id, staff->id);
    }
  else if (strcmp (entity, "shift") == 0)
    {
      g_autoptr(KasirShift) shift = decode_shift_object (data, path, error);

      if (shift == NULL)
        return FALSE;
      same = g_strcmp0 (change->id, shift->id) == 0;
    }
  else if (strcmp (entity, "conflict") == 0)
    {
      g_autoptr(KasirConflict) conflict = decode_conflict_object (data, path, error);

      if (conflict == NULL)
        return FALSE;
      same = id_matches (change->id, conflict->id);
    }
  /* A setting's value is any object. */

  if (!same)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "id",
            "does not match the change's id");
      return FALSE;
    }
  return TRUE;
}

static KasirChange *
decode_change_object (JsonObject  *obj,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(KasirChange) change = kasir_change_new ();
  g_autofree char *op = NULL;
  JsonNode *data;

  if (!get_string (obj, path, "entity", FALSE, FALSE, &change->entity, error))
    return NULL;
  if (!g_strv_contains (entities, change->entity))
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "entity", "unknown entity");
      return NULL;
    }
  if (!get_text_id (obj, path, "id", &change->id, error) ||
      !get_string (obj, path, "op", FALSE, FALSE, &op, error))
    return NULL;

  if (strcmp (op, "del") == 0)
    change->deleted = TRUE;
  else if (strcmp (op, "put") != 0)
    {
      fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "op", "must be \"put\" or \"del\"");
      return NULL;
    }

  data = json_object_get_member (obj, "data");
  if (change->deleted)
    {
      /* A tombstone may carry what is left of the entity, or nothing. */
      if (!get_opt_object_copy (obj, path, "data", &change->data, error))
        return NULL;
    }
  else
    {
      g_autofree char *data_path = join_path (path, "data");
      JsonObject *data_obj = get_object (obj, path, "data", error);

      if (data_obj == NULL || !check_entity_data (change, data_obj, data_path, error))
        return NULL;
      change->data = json_node_copy (data);
    }

  return g_steal_pointer (&change);
}

KasirPullResponse *
kasir_protocol_decode_pull_response (JsonNode  *node,
                                     GError   **error)
{
  g_autoptr(KasirPullResponse) resp = kasir_pull_response_new ();
  JsonObject *root;
  JsonArray *changes;

  if ((root = root_object (node, error)) == NULL ||
      (changes = get_array (root, "", "changes", KASIR_PROTOCOL_MAX_CHANGES, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      g_autofree char *element = element_path ("", "changes", i);
      KasirChange *change;
      JsonObject *item;

      if ((item = array_object (changes, i, element, error)) == NULL ||
          (change = decode_change_object (item, element, error)) == NULL)
        return NULL;
      g_ptr_array_add (resp->changes, change);
    }

  if (!get_int (root, "", "cursor", 0, G_MAXINT64, &resp->cursor, error) ||
      !get_bool (root, "", "has_more", FALSE, FALSE, &resp->has_more, error) ||
      (json_object_has_member (root, "last_seq") &&
       !get_int (root, "", "last_seq", 0, G_MAXINT64, &resp->last_seq, error)) ||
      !get_bool (root, "", "reset", TRUE, FALSE, &resp->reset, error) ||
      (json_object_has_member (root, "head") &&
       !get_int (root, "", "head", 0, G_MAXINT64, &resp->head, error)))
    return NULL;

  return g_steal_pointer (&resp);
}
