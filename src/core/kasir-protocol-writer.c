/* kasir-protocol-writer.c — a pull page written straight to text from its records,
 * without a json-glib tree.
 *
 * Why: the server wrote each page of 5,000 products by building a node tree per product,
 * copying it into the page's tree and running json-glib's generator (and then a repair
 * pass) over it: most of the server's CPU in a first pull. Here each record is written by
 * its table, a line at a time, into one buffer. The text is the one
 * kasir_protocol_to_string (kasir_protocol_encode_pull_response ()) gives, byte for byte
 * (the tests check it); a line of another kind than a plain value or an array of records
 * (a JSON object kept as it came, a custom line) is encoded by the engine into a small
 * object whose members are written by the generator, as before.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-fields.h"

#include <string.h>

static void write_record (GString               *out,
                          const KasirRecordSpec *spec,
                          gconstpointer          record);

#define CONST_SLOT(record, field, T) \
  ((const T *) G_STRUCT_MEMBER_P ((gpointer) (record), (field)->offset))

/* A string as the protocol's writer escapes it: quote, backslash and the control
 * characters; \b \t \n \f \r in their short forms, the others as \u00xx; the rest (UTF-8
 * and U+007F included) as it is. */
static void
write_string (GString    *out,
              const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (out, run, strlen (run));
  g_string_append_c (out, '"');
}

static void
write_name (GString    *out,
            const char *name)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  write_string (out, name);
  g_string_append_c (out, ':');
}

static void
write_int (GString *out,
           gint64   value)
{
  char buffer[24];
  int length = g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);

  g_string_append_len (out, buffer, length);
}

static void
write_string_or_null (GString    *out,
                      const char *text)
{
  if (text != NULL)
    write_string (out, text);
  else
    g_string_append (out, "null");
}

/* Digits only, no leading zero, within gint64: the text form of a server id, written as
 * the integer it is (as kasir_protocol_set_text_id() does). */
static void
write_text_id (GString    *out,
               const char *text)
{
  guint64 value;
  gsize n = 0;

  if (text != NULL && *text >= '1' && *text <= '9')
    while (g_ascii_isdigit (text[n]))
      n++;
  if (n > 0 && text[n] == '\0' && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    g_string_append_len (out, text, n);
  else
    write_string_or_null (out, text);
}

/* Writes a line the engine encodes (kasir_field_encode), member by member. */
static void
write_by_engine (GString              *out,
                 const KasirFieldSpec *field,
                 gconstpointer         record)
{
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(GList) names = NULL;

  kasir_field_encode (obj, field, record);
  names = json_object_get_members (obj);
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *text = kasir_protocol_to_string (json_object_get_member (obj, l->data),
                                                        NULL);

      write_name (out, l->data);
      g_string_append (out, text);
    }
}

/* A change's id: an integer for the entities whose ids are server integers. */
static void
write_change_id (GString              *out,
                 const KasirFieldSpec *field,
                 const KasirChange    *change)
{
  const KasirRecordSpec *spec = kasir_change_entity_spec (change->entity, NULL);
  const KasirFieldSpec *id_field = spec != NULL ? kasir_record_find_field (spec, "id") : NULL;

  write_name (out, field->name);
  if (id_field != NULL && id_field->type == KASIR_FIELD_INT)
    write_text_id (out, change->id);
  else
    write_string_or_null (out, change->id);
}

/* A change's data: a kept entity from its record when the change holds no JSON for it. */
static gboolean
write_change_data (GString              *out,
                   const KasirFieldSpec *field,
                   const KasirChange    *change)
{
  const KasirRecordSpec *spec;

  if (change->data != NULL || change->entity_data == NULL ||
      (spec = kasir_change_entity_spec (change->entity, NULL)) == NULL)
    return FALSE;
  write_name (out, field->name);
  write_record (out, spec, change->entity_data);
  return TRUE;
}

static void
write_field (GString              *out,
             const KasirFieldSpec *field,
             gconstpointer         record)
{
  const GPtrArray *elements;
  const char *text;
  gint64 number;

  switch (field->type)
    {
    case KASIR_FIELD_INT:
      number = *CONST_SLOT (record, field, gint64);
      if (number == 0 && (field->flags & KASIR_FIELD_OMIT_EMPTY))
        break;
      if (number == field->fallback && (field->flags & KASIR_FIELD_OMIT_DEFAULT))
        break;
      write_name (out, field->name);
      if (number == 0 && (field->flags & KASIR_FIELD_NULLABLE))
        g_string_append (out, "null");
      else
        write_int (out, number);
      break;
    case KASIR_FIELD_UINT:
      write_name (out, field->name);
      write_int (out, *CONST_SLOT (record, field, guint));
      break;
    case KASIR_FIELD_BOOL:
      if ((field->flags & KASIR_FIELD_OMIT_DEFAULT)
          && (*CONST_SLOT (record, field, gboolean) != 0) == (field->fallback != 0))
        break;
      write_name (out, field->name);
      g_string_append (out, *CONST_SLOT (record, field, gboolean) ? "true" : "false");
      break;
    case KASIR_FIELD_STRING:
    case KASIR_FIELD_UUID:
    case KASIR_FIELD_TIME:
      text = *CONST_SLOT (record, field, char *);
      if (text == NULL && (field->flags & KASIR_FIELD_OMIT_EMPTY))
        break;
      write_name (out, field->name);
      write_string_or_null (out, text);
      break;
    case KASIR_FIELD_TEXT_ID:
      write_name (out, field->name);
      write_text_id (out, *CONST_SLOT (record, field, char *));
      break;
    case KASIR_FIELD_ENUM:
      write_name (out, field->name);
      write_string_or_null (out, field->codec->to_string (*CONST_SLOT (record, field, int)));
      break;
    case KASIR_FIELD_ARRAY:
      elements = *CONST_SLOT (record, field, GPtrArray *);
      if ((elements == NULL || elements->len == 0) && (field->flags & KASIR_FIELD_OMIT_EMPTY))
        break;
      write_name (out, field->name);
      g_string_append_c (out, '[');
      for (guint i = 0; elements != NULL && i < elements->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          write_record (out, field->element, g_ptr_array_index (elements, i));
        }
      g_string_append_c (out, ']');
      break;
    default:
      write_by_engine (out, field, record);
      break;
    }
}

static void
write_record (GString               *out,
              const KasirRecordSpec *spec,
              gconstpointer          record)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const KasirFieldSpec *field = &spec->fields[i];

      if (spec == &kasir_change_record && g_str_equal (field->name, "id"))
        write_change_id (out, field, record);
      else if (spec == &kasir_change_record && g_str_equal (field->name, "data") &&
               write_change_data (out, field, record))
        continue;
      else
        write_field (out, field, record);
    }
  g_string_append_c (out, '}');
}

char *
kasir_protocol_write_pull_response (const KasirPullResponse *resp,
                                    gsize                   *length)
{
  GString *out;

  g_return_val_if_fail (resp != NULL, NULL);

  /* About 200 bytes a product. */
  out = g_string_sized_new (256 + 200 * resp->changes->len);
  write_record (out, &kasir_pull_response_record, resp);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
