/* kasir-protocol-value.c — the readers of one member's value (kasir-protocol-fields.h,
 * KasirValue) and the decoding of a scalar table line from it.
 *
 * A value comes from a json-glib tree (kasir-protocol-fields.c) or straight from the text
 * of a pull page (kasir-protocol-pull-reader.c); both go through these readers, so both
 * accept the same values and give the same errors, word for word.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-fields.h"

#include <math.h>
#include <string.h>

#define SLOT(record, field, T) ((T *) G_STRUCT_MEMBER_P ((record), (field)->offset))

void
kasir_value_from_node (JsonNode   *node,
                       KasirValue *out)
{
  out->kind = KASIR_VALUE_CONTAINER;
  if (node == NULL)
    out->kind = KASIR_VALUE_ABSENT;
  else if (JSON_NODE_HOLDS_NULL (node))
    out->kind = KASIR_VALUE_NULL;
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          out->kind = KASIR_VALUE_INT;
          out->integer = json_node_get_int (node);
        }
      else if (type == G_TYPE_DOUBLE)
        {
          out->kind = KASIR_VALUE_DOUBLE;
          out->number = json_node_get_double (node);
        }
      else if (type == G_TYPE_BOOLEAN)
        {
          out->kind = KASIR_VALUE_BOOL;
          out->boolean = json_node_get_boolean (node);
        }
      else if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
        {
          out->kind = KASIR_VALUE_STRING;
          out->string = json_node_get_string (node);
        }
    }
}

void
kasir_value_from_member (JsonObject *obj,
                         const char *key,
                         KasirValue *out)
{
  kasir_value_from_node (json_object_get_member (obj, key), out);
}

gboolean
kasir_value_to_int (const KasirValue  *value,
                    const char        *path,
                    const char        *key,
                    gint64            *out,
                    GError           **error)
{
  switch (value->kind)
    {
    case KASIR_VALUE_INT:
      *out = value->integer;
      return TRUE;
    case KASIR_VALUE_NULL:
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
                           "must be an integer, not null");
      return FALSE;
    case KASIR_VALUE_DOUBLE:
      if (!isfinite (value->number) || fabs (value->number) >= 9223372036854775808.0)
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, key,
                             "must be an integer within 64 bits");
      else
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
                             "must be an integer, not a fraction or an exponent");
      return FALSE;
    default:
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be an integer");
      return FALSE;
    }
}

gboolean
kasir_value_check_range (gint64       value,
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
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "must be > 0");
      else
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
                             "must be >= %" G_GINT64_FORMAT, min);
    }
  else if (max != G_MAXINT64)
    kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, key,
                         "must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, min, max);
  else if (min == 1)
    kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "must be > 0");
  else
    kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
                         "must be >= %" G_GINT64_FORMAT, min);
  return FALSE;
}

gboolean
kasir_value_get_int (const KasirValue  *value,
                     const char        *path,
                     const char        *key,
                     gint64             min,
                     gint64             max,
                     gint64            *out,
                     GError           **error)
{
  gint64 number;

  if (value->kind == KASIR_VALUE_ABSENT)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return FALSE;
    }
  if (!kasir_value_to_int (value, path, key, &number, error) ||
      !kasir_value_check_range (number, min, max, path, key, error))
    return FALSE;

  *out = number;
  return TRUE;
}

static gboolean
value_get_bool (const KasirValue  *value,
                const char        *path,
                const char        *key,
                gboolean          *out,
                GError           **error)
{
  if (value->kind == KASIR_VALUE_ABSENT)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      return FALSE;
    }
  if (value->kind != KASIR_VALUE_BOOL)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
                           "must be true or false");
      return FALSE;
    }

  *out = value->boolean;
  return TRUE;
}

gboolean
kasir_value_get_string (const KasirValue  *value,
                        const char        *path,
                        const char        *key,
                        gboolean           nullable,
                        gboolean           allow_empty,
                        char             **out,
                        GError           **error)
{
  if (value->kind == KASIR_VALUE_ABSENT || value->kind == KASIR_VALUE_NULL)
    {
      if (nullable)
        {
          *out = NULL;
          return TRUE;
        }
      if (value->kind == KASIR_VALUE_ABSENT)
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, key, "is required");
      else
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
                             "must be a string, not null");
      return FALSE;
    }
  if (value->kind != KASIR_VALUE_STRING)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key, "must be a string");
      return FALSE;
    }

  if (!g_utf8_validate (value->string, -1, NULL))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
                           "is not valid UTF-8");
      return FALSE;
    }
  if (!allow_empty && *value->string == '\0')
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key,
                           "must not be empty");
      return FALSE;
    }

  *out = g_strdup (value->string);
  return TRUE;
}

/* A non-empty string that @valid accepts; @rule says what it must be otherwise. */
static gboolean
value_get_checked_text (const KasirValue  *value,
                        const char        *path,
                        const char        *key,
                        gboolean           nullable,
                        gboolean         (*valid) (const char *text),
                        const char        *rule,
                        char             **out,
                        GError           **error)
{
  g_autofree char *text = NULL;

  if (!kasir_value_get_string (value, path, key, nullable, FALSE, &text, error))
    return FALSE;
  if (text != NULL && !valid (text))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, key, "%s", rule);
      return FALSE;
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

gboolean
kasir_value_get_text_id (const KasirValue  *value,
                         const char        *path,
                         const char        *key,
                         char             **out,
                         GError           **error)
{
  if (value->kind == KASIR_VALUE_INT || value->kind == KASIR_VALUE_DOUBLE)
    {
      gint64 number;

      if (!kasir_value_to_int (value, path, key, &number, error) ||
          !kasir_value_check_range (number, 1, G_MAXINT64, path, key, error))
        return FALSE;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      return TRUE;
    }
  if (value->kind != KASIR_VALUE_ABSENT && value->kind != KASIR_VALUE_NULL &&
      value->kind != KASIR_VALUE_STRING)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, key,
                           "must be a string or an integer");
      return FALSE;
    }
  return kasir_value_get_string (value, path, key, FALSE, FALSE, out, error);
}

static gboolean
decode_text (const KasirValue      *value,
             const char            *path,
             const KasirFieldSpec  *field,
             gpointer               record,
             GError               **error)
{
  gboolean nullable = (field->flags & KASIR_FIELD_NULLABLE) != 0;
  char *text = NULL;
  gboolean ok = FALSE;

  switch (field->type)
    {
    case KASIR_FIELD_STRING:
      ok = kasir_value_get_string (value, path, field->name, nullable,
                                   (field->flags & KASIR_FIELD_ALLOW_EMPTY) != 0, &text, error);
      if (ok && text != NULL && field->choices != NULL && !g_strv_contains (field->choices, text))
        {
          kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, field->name,
                               "%s", field->invalid);
          g_clear_pointer (&text, g_free);
          ok = FALSE;
        }
      break;
    case KASIR_FIELD_UUID:
      ok = value_get_checked_text (value, path, field->name, nullable, kasir_uuid_is_valid,
                                   "must be a lower-case UUID", &text, error);
      break;
    case KASIR_FIELD_TIME:
      ok = value_get_checked_text (value, path, field->name, nullable, kasir_rfc3339_is_valid,
                                   "must be an RFC 3339 UTC time", &text, error);
      break;
    case KASIR_FIELD_TEXT_ID:
      ok = kasir_value_get_text_id (value, path, field->name, &text, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      char **slot = SLOT (record, field, char *);

      g_free (*slot);
      *slot = text;
    }
  return ok;
}

static gboolean
decode_enum (const KasirValue      *value,
             const char            *path,
             const KasirFieldSpec  *field,
             gpointer               record,
             GError               **error)
{
  g_autofree char *text = NULL;
  int number;

  if (!kasir_value_get_string (value, path, field->name, FALSE, FALSE, &text, error))
    return FALSE;
  if (!field->codec->from_string (text, &number))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, field->name,
                           "%s", field->invalid);
      return FALSE;
    }
  *SLOT (record, field, int) = number;
  return TRUE;
}

static void
set_fallback (const KasirFieldSpec *field,
              gpointer              record)
{
  switch (field->type)
    {
    case KASIR_FIELD_INT:
      *SLOT (record, field, gint64) = field->fallback;
      break;
    case KASIR_FIELD_UINT:
      *SLOT (record, field, guint) = (guint) field->fallback;
      break;
    case KASIR_FIELD_BOOL:
      *SLOT (record, field, gboolean) = field->fallback != 0;
      break;
    default:
      g_assert_not_reached ();
    }
}

gboolean
kasir_field_is_scalar (const KasirFieldSpec *field)
{
  switch (field->type)
    {
    case KASIR_FIELD_INT:
    case KASIR_FIELD_UINT:
    case KASIR_FIELD_BOOL:
    case KASIR_FIELD_STRING:
    case KASIR_FIELD_UUID:
    case KASIR_FIELD_TIME:
    case KASIR_FIELD_TEXT_ID:
    case KASIR_FIELD_ENUM:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
kasir_field_decode_value (const KasirValue      *value,
                          const char            *path,
                          const KasirFieldSpec  *field,
                          gpointer               record,
                          GError               **error)
{
  gint64 number;

  g_assert (kasir_field_is_scalar (field));

  if ((field->flags & KASIR_FIELD_OPTIONAL) && value->kind == KASIR_VALUE_ABSENT)
    {
      set_fallback (field, record);
      return TRUE;
    }

  switch (field->type)
    {
    case KASIR_FIELD_INT:
      if ((field->flags & KASIR_FIELD_NULLABLE) &&
          (value->kind == KASIR_VALUE_ABSENT || value->kind == KASIR_VALUE_NULL))
        {
          *SLOT (record, field, gint64) = 0;
          return TRUE;
        }
      return kasir_value_get_int (value, path, field->name, field->min, field->max,
                                  SLOT (record, field, gint64), error);
    case KASIR_FIELD_UINT:
      if (!kasir_value_get_int (value, path, field->name, field->min, field->max, &number, error))
        return FALSE;
      *SLOT (record, field, guint) = (guint) number;
      return TRUE;
    case KASIR_FIELD_BOOL:
      return value_get_bool (value, path, field->name, SLOT (record, field, gboolean), error);
    case KASIR_FIELD_ENUM:
      return decode_enum (value, path, field, record, error);
    default:
      return decode_text (value, path, field, record, error);
    }
}
