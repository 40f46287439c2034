/* kasir-protocol-pull-reader.c — a pull page read from its text straight into a
 * KasirPullResponse, and a push request into a KasirPushRequest, without a json-glib
 * tree.
 *
 * Why: a first pull is 100,000 products in pages of 5,000, and building each page's tree
 * (a node, an object and a hash table per product, a node per member) and then reading
 * it again through the tables was most of the till's CPU. Here the text is first checked
 * exactly as kasir_protocol_parse() checks it (size, UTF-8, grammar, depth, caps, no
 * member name twice), so it is known to be valid; then each object is walked once, the
 * place of each member its table knows is noted, and the table's lines are read from
 * those places in table order through the same readers as the tree's
 * (kasir-protocol-value.c). A record gets the same values, and a bad one the same error
 * with the same path, as kasir_protocol_decode_pull_response() gives; adding a field
 * stays one line in a table.
 *
 * Only lines of plain values and arrays of records are read from the text. A record
 * with any other kind of line (an object kept as JSON, a group, a custom line), and a
 * change that is not a "put" of a kept entity (product, category, stock), is built into
 * a tree of its own text and decoded by the engine, as before: those are few.
 *
 * A push request is read the same way, for the server: building and freeing the tree of
 * a batch of 100 sales, and the malloc work it left behind, was most of the server's CPU
 * per pushed sale. A sale.create keeps its payload's text, read into a KasirSale by
 * kasir_protocol_read_sale() when it is applied (its one custom line, the currency, is
 * given a one-member object of its own); every other payload is built into its tree.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-fields.h"
#include "kasir-protocol-tree.h"

#include <string.h>

/* The most lines a record read from the text may have. */
#define MAX_FIELDS 64

typedef struct
{
  const guchar *end;      /* of the whole text */
  GString      *scratch;  /* the string value being read, unescaped */
  /* Custom lines are read from the text, each given an object with its member alone:
   * only for tables whose custom lines read nothing but their own member (a sale's). */
  gboolean      custom_alone;
} Reader;

static gpointer read_record (Reader                 *r,
                             const KasirRecordSpec  *spec,
                             const guchar           *p,
                             const char             *path,
                             GError                **error);

static const guchar *
skip_whitespace (const guchar *p,
                 const guchar *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* With p on a string's opening quote: the byte after its closing quote. */
static const guchar *
skip_string (const guchar *p)
{
  for (p++;; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '"')
        return p + 1;
    }
}

static gboolean
is_scalar_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '+' || c == '.';
}

/* With p on a value: the byte after it. The text is checked, so every container closes. */
static const guchar *
skip_value (const guchar *p,
            const guchar *end)
{
  guint depth = 0;

  for (;;)
    {
      guchar c;

      p = skip_whitespace (p, end);
      c = *p;
      if (c == '{' || c == '[')
        {
          depth++;
          p++;
          continue;
        }
      if (c == ',' || c == ':')
        {
          p++;
          continue;
        }
      if (c == '}' || c == ']')
        {
          depth--;
          p++;
        }
      else if (c == '"')
        p = skip_string (p);
      else
        while (p < end && is_scalar_char (*p))
          p++;
      if (depth == 0)
        return p;
    }
}

/* The index of the line of @spec named by the @length bytes at @name, or -1. Members come
 * in table order as a rule, so the search starts after the line found last. */
static int
find_line (const KasirRecordSpec *spec,
           const guchar          *name,
           gsize                  length,
           guint                  hint)
{
  for (guint k = 0; k < spec->n_fields; k++)
    {
      guint i = (hint + k) % spec->n_fields;
      const char *line = spec->fields[i].name;

      if (strncmp (line, (const char *) name, length) == 0 && line[length] == '\0')
        return (int) i;
    }
  return -1;
}

/* With p on an object's '{': where the value of each line of @spec begins, NULL for a
 * line the object does not have. Members no line names are passed over. */
static void
find_members (Reader                *r,
              const KasirRecordSpec *spec,
              const guchar          *p,
              const guchar         **at)
{
  guint hint = 0;

  memset (at, 0, sizeof (const guchar *) * spec->n_fields);
  p = skip_whitespace (p + 1, r->end);
  if (*p == '}')
    return;
  for (;;)
    {
      /* Names carry no escapes: the scanner refused them. */
      const guchar *name = p + 1;
      const guchar *quote = memchr (name, '"', r->end - name);
      int line = find_line (spec, name, quote - name, hint);

      p = skip_whitespace (quote + 1, r->end);
      p = skip_whitespace (p + 1, r->end);
      if (line >= 0)
        {
          at[line] = p;
          hint = (guint) line + 1;
        }
      p = skip_whitespace (skip_value (p, r->end), r->end);
      if (*p == '}')
        return;
      p = skip_whitespace (p + 1, r->end);
    }
}

static void
read_number (Reader        *r,
             const guchar  *p,
             KasirValue    *out)
{
  const guchar *begin = p;
  gboolean integer = TRUE;
  guint64 magnitude = 0;

  for (; p < r->end && is_scalar_char (*p); p++)
    if (*p == '.' || *p == 'e' || *p == 'E')
      integer = FALSE;

  if (!integer)
    {
      g_string_truncate (r->scratch, 0);
      g_string_append_len (r->scratch, (const char *) begin, p - begin);
      out->kind = KASIR_VALUE_DOUBLE;
      out->number = g_ascii_strtod (r->scratch->str, NULL);
      return;
    }

  /* In range: the scanner checked it. The most negative value goes through unsigned, as
   * it has no positive counterpart. */
  for (const guchar *q = begin + (*begin == '-' ? 1 : 0); q < p; q++)
    magnitude = magnitude * 10 + (guint64) (*q - '0');
  out->kind = KASIR_VALUE_INT;
  out->integer = *begin == '-' ? (gint64) (0 - magnitude) : (gint64) magnitude;
}

/* The value at @p (NULL: absent). A string stays valid until the next value is read. */
static void
read_value (Reader        *r,
            const guchar  *p,
            KasirValue    *out)
{
  if (p == NULL)
    {
      out->kind = KASIR_VALUE_ABSENT;
      return;
    }
  switch (*p)
    {
    case '"':
      kasir_protocol_read_string (&p, r->end, r->scratch);
      out->kind = KASIR_VALUE_STRING;
      out->string = r->scratch->str;
      break;
    case '{':
    case '[':
      out->kind = KASIR_VALUE_CONTAINER;
      break;
    case 't':
    case 'f':
      out->kind = KASIR_VALUE_BOOL;
      out->boolean = *p == 't';
      break;
    case 'n':
      out->kind = KASIR_VALUE_NULL;
      break;
    default:
      read_number (r, p, out);
      break;
    }
}

/* A record of @spec from the object at @p through a tree of that object's text. */
static gpointer
read_record_by_tree (Reader                 *r,
                     const KasirRecordSpec  *spec,
                     const guchar           *p,
                     const char             *path,
                     GError                **error)
{
  const guchar *end = skip_value (p, r->end);
  g_autoptr(JsonNode) node = kasir_protocol_build_tree ((const char *) p, end - p);

  return kasir_record_decode_object (spec, json_node_get_object (node), path, error);
}

/* An ARRAY line at @p (NULL: absent), as decode_array() in kasir-protocol-fields.c
 * reads it from a tree. */
static gboolean
read_array (Reader                *r,
            const KasirFieldSpec  *field,
            const guchar          *p,
            const char            *path,
            gpointer               record,
            GError               **error)
{
  const KasirRecordSpec *spec = field->element;
  GPtrArray **slot = G_STRUCT_MEMBER_P (record, field->offset);
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autofree char *base = NULL;

  if (p == NULL && (field->flags & KASIR_FIELD_OPTIONAL))
    return TRUE;
  if (p == NULL)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, field->name,
                           "is required");
      return FALSE;
    }
  if (*p != '[')
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, path, field->name,
                           "must be an array");
      return FALSE;
    }

  starts = g_array_new (FALSE, FALSE, sizeof (const guchar *));
  p = skip_whitespace (p + 1, r->end);
  while (*p != ']')
    {
      g_array_append_val (starts, p);
      p = skip_whitespace (skip_value (p, r->end), r->end);
      if (*p == ',')
        p = skip_whitespace (p + 1, r->end);
    }
  if (starts->len > field->max_length)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_TOO_LARGE, path, field->name,
                           "has %u elements, at most %u are allowed",
                           starts->len, field->max_length);
      return FALSE;
    }
  if (starts->len == 0 && (field->flags & KASIR_FIELD_NON_EMPTY))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, field->name,
                           "must not be empty");
      return FALSE;
    }

  base = kasir_protocol_join_path (path, field->name);
  elements = g_ptr_array_new_full (starts->len, spec->free);
  for (guint i = 0; i < starts->len; i++)
    {
      const guchar *element = g_array_index (starts, const guchar *, i);
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", base, i);
      gpointer item;

      if (*element != '{')
        {
          kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_WRONG_TYPE, element_path, NULL,
                               "must be an object");
          return FALSE;
        }
      if ((item = read_record (r, spec, element, element_path, error)) == NULL)
        return FALSE;
      g_ptr_array_add (elements, item);
      if (spec->check_element != NULL && !spec->check_element (elements, element_path, error))
        return FALSE;
    }

  g_clear_pointer (slot, g_ptr_array_unref);
  *slot = g_steal_pointer (&elements);
  return TRUE;
}

/* Can every line of @spec be read from the text? */
static gboolean
readable_from_text (Reader                *r,
                    const KasirRecordSpec *spec)
{
  if (spec->n_fields > MAX_FIELDS)
    return FALSE;
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const KasirFieldSpec *field = &spec->fields[i];

      if (!kasir_field_is_scalar (field) && field->type != KASIR_FIELD_ARRAY
          && !(field->type == KASIR_FIELD_CUSTOM && r->custom_alone))
        return FALSE;
    }
  return TRUE;
}

/* A CUSTOM line at @p (NULL: absent), decoded by its codec from an object that holds
 * its member alone. */
static gboolean
read_custom (Reader                *r,
             const KasirFieldSpec  *field,
             const guchar          *p,
             const char            *path,
             gpointer               record,
             GError               **error)
{
  g_autoptr(JsonObject) obj = json_object_new ();

  if (p != NULL)
    json_object_set_member (obj, field->name,
                            kasir_protocol_build_tree ((const char *) p, skip_value (p, r->end) - p));
  return field->custom->decode (obj, path, field, record, error);
}

/* A mutation at @p: its lines from the text; a sale.create's payload kept as text, any
 * other payload built into its tree. One without an object for a payload goes through a
 * tree of its own, which gives the error. */
static KasirMutation *
read_mutation (Reader        *r,
               const guchar  *p,
               const char    *path,
               GError       **error)
{
  const KasirRecordSpec *spec = &kasir_mutation_record;
  const KasirFieldSpec *payload_line = kasir_record_find_field (spec, "payload");
  guint payload_index = payload_line - spec->fields;
  const guchar *at[MAX_FIELDS];
  g_autoptr(KasirMutation) mutation = NULL;
  const guchar *payload_at, *payload_end;

  find_members (r, spec, p, at);
  payload_at = at[payload_index];
  if (payload_at == NULL || *payload_at != '{')
    return read_record_by_tree (r, spec, p, path, error);

  mutation = kasir_mutation_new ();
  for (guint i = 0; i < spec->n_fields; i++)
    {
      KasirValue value;

      if (i == payload_index)
        continue;
      g_assert (kasir_field_is_scalar (&spec->fields[i]));
      read_value (r, at[i], &value);
      if (!kasir_field_decode_value (&value, path, &spec->fields[i], mutation, error))
        return NULL;
    }
  payload_end = skip_value (payload_at, r->end);
  if (mutation->type == KASIR_MUTATION_SALE_CREATE)
    {
      mutation->payload_length = payload_end - payload_at;
      mutation->payload_text = g_strndup ((const char *) payload_at, mutation->payload_length);
    }
  else
    mutation->payload = kasir_protocol_build_tree ((const char *) payload_at, payload_end - payload_at);
  if (spec->check != NULL && !spec->check (mutation, path, error))
    return NULL;
  return g_steal_pointer (&mutation);
}

/* A change at @p: a "put" of a kept entity straight from the text, anything else through
 * a tree of its own, as the change's table reads it: entity, id, op, data. */
static KasirChange *
read_change (Reader        *r,
             const guchar  *p,
             const char    *path,
             GError       **error)
{
  const KasirRecordSpec *spec = &kasir_change_record;
  const KasirFieldSpec *entity_line = kasir_record_find_field (spec, "entity");
  const KasirFieldSpec *id_line = kasir_record_find_field (spec, "id");
  const KasirFieldSpec *op_line = kasir_record_find_field (spec, "op");
  const KasirFieldSpec *data_line = kasir_record_find_field (spec, "data");
  const guchar *at[MAX_FIELDS];
  const guchar *entity_at, *op_at, *data_at;
  const KasirRecordSpec *data_spec = NULL;
  g_autoptr(KasirChange) change = NULL;
  g_autofree char *data_path = NULL;
  gboolean keep = FALSE;
  gpointer decoded;
  KasirValue value;

  find_members (r, spec, p, at);
  entity_at = at[entity_line - spec->fields];
  op_at = at[op_line - spec->fields];
  data_at = at[data_line - spec->fields];
  if (entity_at != NULL && *entity_at == '"')
    {
      read_value (r, entity_at, &value);
      data_spec = kasir_change_entity_spec (value.string, &keep);
    }
  if (data_spec == NULL || !keep || !readable_from_text (r, data_spec) ||
      op_at == NULL || strncmp ((const char *) op_at, "\"put\"", 5) != 0 ||
      data_at == NULL || *data_at != '{')
    return read_record_by_tree (r, spec, p, path, error);

  /* Entity and op are known good here; the id and the data may still be wrong. */
  change = kasir_change_new ();
  read_value (r, entity_at, &value);
  if (!kasir_field_decode_value (&value, path, entity_line, change, error))
    return NULL;
  read_value (r, at[id_line - spec->fields], &value);
  if (!kasir_value_get_text_id (&value, path, id_line->name, &change->id, error))
    return NULL;
  read_value (r, op_at, &value);
  if (!kasir_field_decode_value (&value, path, op_line, change, error))
    return NULL;

  data_path = kasir_protocol_join_path (path, data_line->name);
  if ((decoded = read_record (r, data_spec, data_at, data_path, error)) == NULL ||
      !kasir_change_take_entity (change, data_spec, keep, decoded, data_path, error))
    return NULL;
  return g_steal_pointer (&change);
}

/* A record of @spec from the object at @p. */
static gpointer
read_record (Reader                 *r,
             const KasirRecordSpec  *spec,
             const guchar           *p,
             const char             *path,
             GError                **error)
{
  const guchar *at[MAX_FIELDS];
  gpointer record;

  if (spec == &kasir_change_record)
    return read_change (r, p, path, error);
  if (spec == &kasir_mutation_record)
    return read_mutation (r, p, path, error);
  if (!readable_from_text (r, spec))
    return read_record_by_tree (r, spec, p, path, error);

  find_members (r, spec, p, at);
  record = spec->new != NULL ? spec->new () : g_malloc0 (spec->size);
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const KasirFieldSpec *field = &spec->fields[i];
      KasirValue value;

      if (field->type == KASIR_FIELD_ARRAY)
        {
          if (!read_array (r, field, at[i], path, record, error))
            goto failed;
          continue;
        }
      if (field->type == KASIR_FIELD_CUSTOM)
        {
          if (!read_custom (r, field, at[i], path, record, error))
            goto failed;
          continue;
        }
      read_value (r, at[i], &value);
      if (!kasir_field_decode_value (&value, path, field, record, error))
        goto failed;
    }
  if (spec->check != NULL && !spec->check (record, path, error))
    goto failed;
  return record;

failed:
  spec->free (record);
  return NULL;
}

/* A record of @spec from a whole document's text, checked first. */
static gpointer
read_document (const KasirRecordSpec  *spec,
               const char             *data,
               gsize                   length,
               GError                **error)
{
  Reader r = { (const guchar *) data + length, NULL, FALSE };
  const guchar *p;
  gpointer record;

  if (!kasir_protocol_check_text (data, length, KASIR_PROTOCOL_MAX_VALUES,
                                  KASIR_PROTOCOL_MAX_STRING, error))
    return NULL;

  p = skip_whitespace ((const guchar *) data, r.end);
  if (*p != '{')
    {
      g_set_error_literal (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED,
                           "the document must be a JSON object");
      return NULL;
    }

  r.scratch = g_string_sized_new (256);
  record = read_record (&r, spec, p, "", error);
  g_string_free (r.scratch, TRUE);
  return record;
}

KasirPullResponse *
kasir_protocol_read_pull_response (const char  *data,
                                   gsize        length,
                                   GError     **error)
{
  return read_document (&kasir_pull_response_record, data, length, error);
}

KasirPushRequest *
kasir_protocol_read_push_request (const char  *data,
                                  gsize        length,
                                  GError     **error)
{
  return read_document (&kasir_push_request_record, data, length, error);
}

KasirSale *
kasir_protocol_read_sale (const char  *text,
                          gsize        length,
                          GError     **error)
{
  Reader r = { (const guchar *) text + length, g_string_sized_new (64), TRUE };
  KasirSale *sale;

  g_return_val_if_fail (text != NULL && text[0] == '{', NULL);

  sale = read_record (&r, &kasir_sale_record, (const guchar *) text, "", error);
  g_string_free (r.scratch, TRUE);
  return sale;
}

void
kasir_protocol_read_sale_keys (const char  *text,
                               gsize        length,
                               GPtrArray   *sale_ids,
                               GArray      *product_ids)
{
  const KasirRecordSpec *spec = &kasir_sale_record;
  const KasirRecordSpec *line_spec = &kasir_sale_line_record;
  guint id_line = kasir_record_find_field (spec, "sale_id") - spec->fields;
  guint lines_line = kasir_record_find_field (spec, "lines") - spec->fields;
  guint product_line = kasir_record_find_field (line_spec, "product_id") - line_spec->fields;
  Reader r = { (const guchar *) text + length, g_string_sized_new (64), FALSE };
  const guchar *at[MAX_FIELDS];
  const guchar *p;
  KasirValue value;

  g_return_if_fail (text != NULL && text[0] == '{');

  find_members (&r, spec, (const guchar *) text, at);
  read_value (&r, at[id_line], &value);
  if (value.kind == KASIR_VALUE_STRING)
    g_ptr_array_add (sale_ids, g_strdup (value.string));
  p = at[lines_line];
  if (p != NULL && *p == '[')
    for (p = skip_whitespace (p + 1, r.end); *p != ']';)
      {
        if (*p == '{')
          {
            find_members (&r, line_spec, p, at);
            read_value (&r, at[product_line], &value);
            if (value.kind == KASIR_VALUE_INT)
              g_array_append_val (product_ids, value.integer);
          }
        p = skip_whitespace (skip_value (p, r.end), r.end);
        if (*p == ',')
          p = skip_whitespace (p + 1, r.end);
      }
  g_string_free (r.scratch, TRUE);
}

JsonNode *
kasir_mutation_dup_payload (const KasirMutation *mutation)
{
  if (mutation->payload != NULL)
    return json_node_copy (mutation->payload);
  if (mutation->payload_text == NULL)
    return NULL;
  return kasir_protocol_build_tree (mutation->payload_text, mutation->payload_length);
}

char *
kasir_mutation_payload_to_string (const KasirMutation *mutation)
{
  g_autoptr(JsonNode) tree = kasir_mutation_dup_payload (mutation);

  return tree != NULL ? kasir_protocol_to_string (tree, NULL) : NULL;
}
