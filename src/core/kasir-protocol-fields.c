/* kasir-protocol-fields.c — the engine that encodes and decodes a record by its table
 * of fields (kasir-protocol-fields.h), and the typed readers it is built of.
 *
 * Decoding is strict: each reader checks a member's presence, type and range and names
 * the failing member by its path ("lines[2].qty"). A record is built whole or freed: the
 * caller gets it complete, or NULL and an error.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-fields.h"

#include <stdarg.h>
#include <string.h>

static gboolean decode_field (JsonObject            *obj,
                              const char            *path,
                              const KasirFieldSpec  *field,
                              gpointer               record,
                              GError               **error);

/* ------------------------------------------------------------------------------------ */
/* Error paths                                                                          */
/* ------------------------------------------------------------------------------------ */

char *
kasir_protocol_join_path (const char *path,
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
  g_autofree char *base = kasir_protocol_join_path (path, key);

  return g_strdup_printf ("%s[%u]", base, index);
}

void
kasir_protocol_fail (GError             **error,
                     KasirProtocolError   code,
                     const char          *path,
                     const char          *key,
                     const char          *format,
                     ...)
{
  g_autofree char *where = kasir_protocol_join_path (path, key);
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
  KasirValue value;

  kasir_value_from_node (node, &value);
  return kasir_value_to_int (&value, path, key, out, error);
}

gboolean
kasir_protocol_get_int (JsonObject  *obj,
                        const char  *path,
                        const char  *key,
                        gint64       min,
                        gint64       max,
                        gint64      *out,
                        GError     **error)
{
  KasirValue value;

  kasir_value_from_member (obj, key, &value);
  return kasir_value_get_int (&value, path, key, min, max, out, error);
}

/* Reads a string member into *out (owned). With @nullable, null or absence give NULL. */
gboolean
kasir_protocol_get_string (JsonObject  *obj,
                           const char  *path,
                           const char  *key,
                           gboolean     nullable,
                           gboolean     allow_empty,
                           char       **out,
                           GError     **error)
{
  KasirValue value;

  kasir_value_from_member (obj, key, &value);
  return kasir_value_get_string (&value, path, key, nullable, allow_empty, out, error);
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
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an object");
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
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
                           "must be an object or null");
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
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an array");
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_length)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_TOO_LARGE, path, key,
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
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, element, NULL,
                           "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* An id that is an integer on the wire for server entities and a string otherwise; the
 * text form is kept either way. */
gboolean
kasir_protocol_get_text_id (JsonObject  *obj,
                            const char  *path,
                            const char  *key,
                            char       **out,
                            GError     **error)
{
  KasirValue value;

  kasir_value_from_member (obj, key, &value);
  return kasir_value_get_text_id (&value, path, key, out, error);
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

void
kasir_protocol_set_string_or_null (JsonObject *obj,
                                   const char *key,
                                   const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, key, value);
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

void
kasir_protocol_set_text_id (JsonObject *obj,
                            const char *key,
                            const char *text)
{
  if (is_integer_text (text))
    json_object_set_int_member (obj, key, g_ascii_strtoll (text, NULL, 10));
  else
    kasir_protocol_set_string_or_null (obj, key, text);
}


/* ------------------------------------------------------------------------------------ */
/* The engine: one field                                                                */
/* ------------------------------------------------------------------------------------ */

#define SLOT(record, field, T) ((T *) G_STRUCT_MEMBER_P ((record), (field)->offset))
#define CONST_SLOT(record, field, T) \
  ((const T *) G_STRUCT_MEMBER_P ((gpointer) (record), (field)->offset))

static void
replace_node (JsonNode **slot,
              JsonNode  *node)
{
  g_clear_pointer (slot, json_node_unref);
  *slot = node;
}

static gboolean
decode_node (JsonObject            *obj,
             const char            *path,
             const KasirFieldSpec  *field,
             gpointer               record,
             GError               **error)
{
  JsonNode **slot = SLOT (record, field, JsonNode *);
  JsonNode *copy = NULL;

  if (field->type == KASIR_FIELD_ANY)
    get_any_copy (obj, field->name, &copy);
  else if (field->flags & KASIR_FIELD_NULLABLE)
    {
      if (!get_opt_object_copy (obj, path, field->name, &copy, error))
        return FALSE;
    }
  else
    {
      if (get_object (obj, path, field->name, error) == NULL)
        return FALSE;
      copy = json_node_copy (json_object_get_member (obj, field->name));
    }

  replace_node (slot, copy);
  return TRUE;
}

static gboolean
decode_array (JsonObject            *obj,
              const char            *path,
              const KasirFieldSpec  *field,
              gpointer               record,
              GError               **error)
{
  const KasirRecordSpec *spec = field->element;
  g_autoptr(GPtrArray) elements = NULL;
  GPtrArray **slot = SLOT (record, field, GPtrArray *);
  JsonArray *array;
  guint length;

  /* An optional array left out reads as none (NULL). */
  if ((field->flags & KASIR_FIELD_OPTIONAL) && !json_object_has_member (obj, field->name))
    return TRUE;
  if ((array = get_array (obj, path, field->name, field->max_length, error)) == NULL)
    return FALSE;
  length = json_array_get_length (array);
  if (length == 0 && (field->flags & KASIR_FIELD_NON_EMPTY))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, field->name,
                           "must not be empty");
      return FALSE;
    }

  elements = g_ptr_array_new_full (length, spec->free);
  for (guint i = 0; i < length; i++)
    {
      g_autofree char *element = element_path (path, field->name, i);
      gpointer item_record;
      JsonObject *item;

      if ((item = array_object (array, i, element, error)) == NULL ||
          (item_record = kasir_record_decode_object (spec, item, element, error)) == NULL)
        return FALSE;
      g_ptr_array_add (elements, item_record);
      if (spec->check_element != NULL && !spec->check_element (elements, element, error))
        return FALSE;
    }

  g_clear_pointer (slot, g_ptr_array_unref);
  *slot = g_steal_pointer (&elements);
  return TRUE;
}

static gboolean
decode_int_array (JsonObject            *obj,
                  const char            *path,
                  const KasirFieldSpec  *field,
                  gpointer               record,
                  GError               **error)
{
  GArray **slot = SLOT (record, field, GArray *);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  if ((field->flags & KASIR_FIELD_NULLABLE) &&
      is_null_or_absent (json_object_get_member (obj, field->name)))
    {
      if (*slot == NULL)
        *slot = g_steal_pointer (&values);
      return TRUE;
    }

  if ((array = get_array (obj, path, field->name, field->max_length, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = element_path (path, field->name, i);
      gint64 value;

      if (!node_to_int (json_array_get_element (array, i), element, NULL, &value, error) ||
          !kasir_value_check_range (value, field->min, field->max, element, NULL, error))
        return FALSE;
      g_array_append_val (values, value);
    }

  g_clear_pointer (slot, g_array_unref);
  *slot = g_steal_pointer (&values);
  return TRUE;
}

static gboolean
decode_group (JsonObject            *obj,
              const char            *path,
              const KasirFieldSpec  *field,
              gpointer               record,
              GError               **error)
{
  g_autofree char *inner_path = kasir_protocol_join_path (path, field->name);
  const KasirRecordSpec *spec = field->element;
  JsonObject *inner;

  if ((inner = get_object (obj, path, field->name, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < spec->n_fields; i++)
    if (!decode_field (inner, inner_path, &spec->fields[i], record, error))
      return FALSE;
  return TRUE;
}

static gboolean
decode_field (JsonObject            *obj,
              const char            *path,
              const KasirFieldSpec  *field,
              gpointer               record,
              GError               **error)
{
  if (kasir_field_is_scalar (field))
    {
      KasirValue value;

      kasir_value_from_member (obj, field->name, &value);
      return kasir_field_decode_value (&value, path, field, record, error);
    }

  switch (field->type)
    {
    case KASIR_FIELD_OBJECT:
    case KASIR_FIELD_ANY:
      return decode_node (obj, path, field, record, error);
    case KASIR_FIELD_ARRAY:
      return decode_array (obj, path, field, record, error);
    case KASIR_FIELD_INT_ARRAY:
      return decode_int_array (obj, path, field, record, error);
    case KASIR_FIELD_GROUP:
      return decode_group (obj, path, field, record, error);
    case KASIR_FIELD_CUSTOM:
      return field->custom->decode (obj, path, field, record, error);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static JsonNode *
encode_array (const KasirFieldSpec *field,
              gconstpointer         record)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  if (field->type == KASIR_FIELD_ARRAY)
    {
      const GPtrArray *elements = *CONST_SLOT (record, field, GPtrArray *);

      for (guint i = 0; elements != NULL && i < elements->len; i++)
        json_array_add_element (array, kasir_record_encode (field->element,
                                                            g_ptr_array_index (elements, i)));
    }
  else
    {
      const GArray *values = *CONST_SLOT (record, field, GArray *);

      for (guint i = 0; values != NULL && i < values->len; i++)
        json_array_add_int_element (array, g_array_index (values, gint64, i));
    }

  json_node_take_array (node, array);
  return node;
}

static void
encode_node (JsonObject           *obj,
             const KasirFieldSpec *field,
             gconstpointer         record)
{
  const JsonNode *node = *CONST_SLOT (record, field, JsonNode *);

  if (node != NULL)
    json_object_set_member (obj, field->name, json_node_copy ((JsonNode *) node));
  else if (field->type == KASIR_FIELD_OBJECT && !(field->flags & KASIR_FIELD_NULLABLE))
    json_object_set_object_member (obj, field->name, json_object_new ());
  else
    json_object_set_null_member (obj, field->name);
}

static void
encode_field (JsonObject           *obj,
              const KasirFieldSpec *field,
              gconstpointer         record)
{
  gint64 number;
  const char *text;

  switch (field->type)
    {
    case KASIR_FIELD_INT:
      number = *CONST_SLOT (record, field, gint64);
      if (number == 0 && (field->flags & KASIR_FIELD_OMIT_EMPTY))
        break;
      if (number == field->fallback && (field->flags & KASIR_FIELD_OMIT_DEFAULT))
        break;
      if (number == 0 && (field->flags & KASIR_FIELD_NULLABLE))
        json_object_set_null_member (obj, field->name);
      else
        json_object_set_int_member (obj, field->name, number);
      break;
    case KASIR_FIELD_UINT:
      json_object_set_int_member (obj, field->name, *CONST_SLOT (record, field, guint));
      break;
    case KASIR_FIELD_BOOL:
      if ((field->flags & KASIR_FIELD_OMIT_DEFAULT)
          && (*CONST_SLOT (record, field, gboolean) != 0) == (field->fallback != 0))
        break;
      json_object_set_boolean_member (obj, field->name, *CONST_SLOT (record, field, gboolean));
      break;
    case KASIR_FIELD_STRING:
    case KASIR_FIELD_UUID:
    case KASIR_FIELD_TIME:
      text = *CONST_SLOT (record, field, char *);
      if (text != NULL || !(field->flags & KASIR_FIELD_OMIT_EMPTY))
        kasir_protocol_set_string_or_null (obj, field->name, text);
      break;
    case KASIR_FIELD_TEXT_ID:
      kasir_protocol_set_text_id (obj, field->name, *CONST_SLOT (record, field, char *));
      break;
    case KASIR_FIELD_ENUM:
      number = *CONST_SLOT (record, field, int);
      kasir_protocol_set_string_or_null (obj, field->name, field->codec->to_string ((int) number));
      break;
    case KASIR_FIELD_OBJECT:
    case KASIR_FIELD_ANY:
      encode_node (obj, field, record);
      break;
    case KASIR_FIELD_ARRAY:
    case KASIR_FIELD_INT_ARRAY:
      if (field->type == KASIR_FIELD_ARRAY && (field->flags & KASIR_FIELD_OMIT_EMPTY))
        {
          const GPtrArray *elements = *CONST_SLOT (record, field, GPtrArray *);

          if (elements == NULL || elements->len == 0)
            break;
        }
      json_object_set_member (obj, field->name, encode_array (field, record));
      break;
    case KASIR_FIELD_GROUP:
      {
        JsonObject *inner = json_object_new ();

        kasir_record_encode_into (field->element, record, inner);
        json_object_set_object_member (obj, field->name, inner);
      }
      break;
    case KASIR_FIELD_CUSTOM:
      field->custom->encode (obj, field, record);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------------------------ */
/* The engine: records                                                                  */
/* ------------------------------------------------------------------------------------ */

/* Frees the member a line of type @type owns at @slot. */
static void
clear_member (KasirFieldType type,
              gpointer       slot)
{
  switch (type)
    {
    case KASIR_FIELD_STRING:
    case KASIR_FIELD_UUID:
    case KASIR_FIELD_TIME:
    case KASIR_FIELD_TEXT_ID:
      g_clear_pointer ((char **) slot, g_free);
      break;
    case KASIR_FIELD_OBJECT:
    case KASIR_FIELD_ANY:
      g_clear_pointer ((JsonNode **) slot, json_node_unref);
      break;
    case KASIR_FIELD_ARRAY:
      g_clear_pointer ((GPtrArray **) slot, g_ptr_array_unref);
      break;
    case KASIR_FIELD_INT_ARRAY:
      g_clear_pointer ((GArray **) slot, g_array_unref);
      break;
    default:
      break;
    }
}

static void
record_clear (const KasirRecordSpec *spec,
              gpointer               record)
{
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const KasirFieldSpec *field = &spec->fields[i];
      gpointer slot = G_STRUCT_MEMBER_P (record, field->offset);

      if (field->type == KASIR_FIELD_GROUP)
        record_clear (field->element, record);
      else
        clear_member (field->type == KASIR_FIELD_CUSTOM ? field->owns : field->type, slot);
    }
}

void
kasir_record_free (const KasirRecordSpec *spec,
                   gpointer               record)
{
  if (record == NULL)
    return;
  record_clear (spec, record);
  g_free (record);
}

static gpointer
record_new (const KasirRecordSpec *spec)
{
  return spec->new != NULL ? spec->new () : g_malloc0 (spec->size);
}

void
kasir_record_encode_into (const KasirRecordSpec *spec,
                          gconstpointer          record,
                          JsonObject            *obj)
{
  for (guint i = 0; i < spec->n_fields; i++)
    encode_field (obj, &spec->fields[i], record);
}

JsonNode *
kasir_record_encode (const KasirRecordSpec *spec,
                     gconstpointer          record)
{
  JsonObject *obj = json_object_new ();

  kasir_record_encode_into (spec, record, obj);
  return object_node (obj);
}

gpointer
kasir_record_decode_object (const KasirRecordSpec  *spec,
                            JsonObject             *obj,
                            const char             *path,
                            GError                **error)
{
  gpointer record = record_new (spec);

  for (guint i = 0; i < spec->n_fields; i++)
    if (!decode_field (obj, path, &spec->fields[i], record, error))
      goto failed;
  if (spec->check != NULL && !spec->check (record, path, error))
    goto failed;
  return record;

failed:
  spec->free (record);
  return NULL;
}

gpointer
kasir_record_decode (const KasirRecordSpec  *spec,
                     JsonNode               *node,
                     GError                **error)
{
  JsonObject *root = root_object (node, error);

  return root != NULL ? kasir_record_decode_object (spec, root, "", error) : NULL;
}

void
kasir_field_encode (JsonObject           *obj,
                    const KasirFieldSpec *field,
                    gconstpointer         record)
{
  encode_field (obj, field, record);
}

gboolean
kasir_field_decode (JsonObject            *obj,
                    const char            *path,
                    const KasirFieldSpec  *field,
                    gpointer               record,
                    GError               **error)
{
  return decode_field (obj, path, field, record, error);
}

const KasirFieldSpec *
kasir_record_find_field (const KasirRecordSpec *spec,
                         const char            *name)
{
  for (guint i = 0; i < spec->n_fields; i++)
    if (strcmp (spec->fields[i].name, name) == 0)
      return &spec->fields[i];
  return NULL;
}

gboolean
kasir_record_check_edit (const KasirRecordSpec  *spec,
                         JsonObject             *obj,
                         const char             *path,
                         JsonNode              **out,
                         GError                **error)
{
  g_autofree char *fields_path = kasir_protocol_join_path (path, "fields");
  g_autoptr(GList) names = NULL;
  JsonObject *fields;
  gpointer scratch;
  gboolean ok = TRUE;

  if ((fields = get_object (obj, path, "fields", error)) == NULL)
    return FALSE;
  if (json_object_get_size (fields) == 0)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "fields",
                           "must change at least one field");
      return FALSE;
    }

  /* Each changed member is read as the entity's own field would be, into a scratch
   * entity that is thrown away. */
  scratch = record_new (spec);
  names = json_object_get_members (fields);
  for (GList *l = names; ok && l != NULL; l = l->next)
    {
      const KasirFieldSpec *field = kasir_record_find_field (spec, l->data);

      if (field == NULL || !(field->flags & KASIR_FIELD_EDITABLE))
        {
          kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, fields_path, l->data,
                               "unknown field");
          ok = FALSE;
        }
      else
        ok = decode_field (fields, fields_path, field, scratch, error);
    }
  spec->free (scratch);

  if (ok)
    *out = json_node_copy (json_object_get_member (obj, "fields"));
  return ok;
}
