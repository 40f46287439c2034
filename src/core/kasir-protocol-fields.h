/* kasir-protocol-fields.h — the codec's field-spec tables and the engine that runs them
 * (private to src/core and its tests).
 *
 * Every body of the sync protocol is a record: a C struct described by a table of
 * fields, one line per JSON member, in wire order. One engine encodes a record from its
 * table and decodes (strictly) into it, so a new member is one line in a table. What no
 * table can say (sums, a rule between two members) goes in the record's check function.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-protocol.h"

G_BEGIN_DECLS

typedef struct _KasirFieldSpec  KasirFieldSpec;
typedef struct _KasirRecordSpec KasirRecordSpec;

typedef enum
{
  KASIR_FIELD_INT,        /* gint64 within [min, max] */
  KASIR_FIELD_UINT,       /* guint within [min, max] (a rate in basis points) */
  KASIR_FIELD_BOOL,       /* gboolean */
  KASIR_FIELD_STRING,     /* char *; one of choices when they are given */
  KASIR_FIELD_UUID,       /* char *, a lower-case UUID */
  KASIR_FIELD_TIME,       /* char *, an RFC 3339 UTC time */
  KASIR_FIELD_TEXT_ID,    /* char *, an integer or a string on the wire, kept as text */
  KASIR_FIELD_ENUM,       /* an int-sized enum, a string on the wire, through codec */
  KASIR_FIELD_OBJECT,     /* JsonNode * holding an object, copied */
  KASIR_FIELD_ANY,        /* JsonNode * of any value, copied, not looked into */
  KASIR_FIELD_ARRAY,      /* GPtrArray * of records of element */
  KASIR_FIELD_INT_ARRAY,  /* GArray * of gint64 within [min, max] */
  KASIR_FIELD_GROUP,      /* an object whose members (element) live in this same struct */
  KASIR_FIELD_CUSTOM,     /* custom->encode and custom->decode */
} KasirFieldType;

typedef enum
{
  KASIR_FIELD_REQUIRED    = 0,
  /* May be absent, and then reads as fallback; present, it must be valid (null too). */
  KASIR_FIELD_OPTIONAL    = 1 << 0,
  /* Null or absence read as NULL (0 for an integer), and NULL or 0 is written as null. */
  KASIR_FIELD_NULLABLE    = 1 << 1,
  /* NULL or 0 is not written at all. */
  KASIR_FIELD_OMIT_EMPTY  = 1 << 2,
  /* A string may be "". */
  KASIR_FIELD_ALLOW_EMPTY = 1 << 3,
  /* An array must hold one element at least. */
  KASIR_FIELD_NON_EMPTY   = 1 << 4,
  /* The member may be changed by an edit (product.update, customer.upsert "fields"). */
  KASIR_FIELD_EDITABLE    = 1 << 5,
  /* An OPTIONAL integer or flag at its fallback is not written (a record written before
   * the member came reads the same). */
  KASIR_FIELD_OMIT_DEFAULT = 1 << 6,
} KasirFieldFlags;

/* Enum <-> wire text, the functions of kasir-types.h seen through int. */
typedef struct
{
  const char *(*to_string)   (int         value);
  gboolean    (*from_string) (const char *text,
                              int        *out);
} KasirEnumCodec;

/* Defines name, a KasirEnumCodec over the prefix_to_string and prefix_from_string pair. */
#define KASIR_ENUM_CODEC(name, Type, prefix) \
  static const char * \
  name##_to_string (int value) \
  { \
    return prefix##_to_string ((Type) value); \
  } \
  static gboolean \
  name##_from_string (const char *text, int *out) \
  { \
    Type value; \
    if (!prefix##_from_string (text, &value)) \
      return FALSE; \
    *out = (int) value; \
    return TRUE; \
  } \
  static const KasirEnumCodec name = { name##_to_string, name##_from_string };

typedef struct
{
  void     (*encode) (JsonObject           *obj,
                      const KasirFieldSpec *field,
                      gconstpointer         record);
  gboolean (*decode) (JsonObject           *obj,
                      const char           *path,
                      const KasirFieldSpec *field,
                      gpointer              record,
                      GError              **error);
} KasirFieldCodec;

struct _KasirFieldSpec
{
  const char             *name;
  KasirFieldType          type;
  gsize                   offset;
  KasirFieldFlags         flags;
  gint64                  min;         /* INT, UINT, INT_ARRAY elements: the bounds */
  gint64                  max;
  gint64                  fallback;    /* OPTIONAL: the value when absent */
  guint                   max_length;  /* ARRAY, INT_ARRAY: the most elements */
  const char * const     *choices;     /* STRING: the values allowed, NULL-terminated */
  const char             *invalid;     /* STRING with choices, ENUM: the message otherwise */
  const KasirEnumCodec   *codec;       /* ENUM */
  const KasirRecordSpec  *element;     /* ARRAY, GROUP; CUSTOM may use it */
  const KasirFieldCodec  *custom;      /* CUSTOM */
  KasirFieldType          owns;        /* CUSTOM: what it keeps at offset and the record
                                          frees (STRING, OBJECT), or 0 (INT) for nothing */
};

struct _KasirRecordSpec
{
  const char            *name;
  const KasirFieldSpec  *fields;
  guint                  n_fields;
  gsize                  size;    /* without new: a zeroed struct of this size */
  gpointer             (*new)   (void);
  GDestroyNotify         free;
  /* Rules across members, run once every field is read. */
  gboolean             (*check) (gpointer     record,
                                  const char  *path,
                                  GError     **error);
  /* Rules between an element of an array and those before it, run as each is read. */
  gboolean             (*check_element) (GPtrArray   *elements,
                                         const char  *path,
                                         GError     **error);
};

/* Table lines. The member's C type is checked at compile time. */
#define KASIR_FIELD_CHECK_TYPE(S, m, T) \
  (0 * sizeof (char[__builtin_types_compatible_p (__typeof__ (((S *) 0)->m), T) ? 1 : -1]))
#define KASIR_FIELD_CHECK_INT_SIZED(S, m) \
  (0 * sizeof (char[sizeof (((S *) 0)->m) == sizeof (int) ? 1 : -1]))
#define KASIR_FIELD_OFFSET(S, m, T) \
  (G_STRUCT_OFFSET (S, m) + KASIR_FIELD_CHECK_TYPE (S, m, T))

#define KASIR_F_INT(S, m, key, lo, hi, fl) \
  { .name = key, .type = KASIR_FIELD_INT, .offset = KASIR_FIELD_OFFSET (S, m, gint64), \
    .flags = (fl), .min = (lo), .max = (hi) }
#define KASIR_F_ID(S, m, key) \
  KASIR_F_INT (S, m, key, 1, G_MAXINT64, KASIR_FIELD_REQUIRED)
#define KASIR_F_COUNT(S, m, key) \
  KASIR_F_INT (S, m, key, 0, G_MAXINT64, KASIR_FIELD_REQUIRED)
#define KASIR_F_MONEY(S, m, key, lo, fl) \
  KASIR_F_INT (S, m, key, lo, KASIR_PROTOCOL_MAX_AMOUNT, fl)
#define KASIR_F_BP(S, m, key, fl) \
  { .name = key, .type = KASIR_FIELD_UINT, .offset = KASIR_FIELD_OFFSET (S, m, guint), \
    .flags = (fl), .min = 0, .max = 10000 }
#define KASIR_F_BOOL(S, m, key, fl, dflt) \
  { .name = key, .type = KASIR_FIELD_BOOL, .offset = KASIR_FIELD_OFFSET (S, m, gboolean), \
    .flags = (fl), .fallback = (dflt) }
#define KASIR_F_TEXT(S, m, key, kind, fl) \
  { .name = key, .type = (kind), .offset = KASIR_FIELD_OFFSET (S, m, char *), .flags = (fl) }
#define KASIR_F_STRING(S, m, key, fl) KASIR_F_TEXT (S, m, key, KASIR_FIELD_STRING, fl)
#define KASIR_F_UUID(S, m, key, fl)   KASIR_F_TEXT (S, m, key, KASIR_FIELD_UUID, fl)
#define KASIR_F_TIME(S, m, key, fl)   KASIR_F_TEXT (S, m, key, KASIR_FIELD_TIME, fl)
#define KASIR_F_CHOICE(S, m, key, list, message) \
  { .name = key, .type = KASIR_FIELD_STRING, .offset = KASIR_FIELD_OFFSET (S, m, char *), \
    .choices = (list), .invalid = (message) }
#define KASIR_F_ENUM(S, m, key, enum_codec, message) \
  { .name = key, .type = KASIR_FIELD_ENUM, \
    .offset = G_STRUCT_OFFSET (S, m) + KASIR_FIELD_CHECK_INT_SIZED (S, m), \
    .codec = (enum_codec), .invalid = (message) }
#define KASIR_F_NODE(S, m, key, kind, fl) \
  { .name = key, .type = (kind), .offset = KASIR_FIELD_OFFSET (S, m, JsonNode *), .flags = (fl) }
#define KASIR_F_ARRAY(S, m, key, spec, length, fl) \
  { .name = key, .type = KASIR_FIELD_ARRAY, .offset = KASIR_FIELD_OFFSET (S, m, GPtrArray *), \
    .flags = (fl), .max_length = (length), .element = (spec) }
#define KASIR_F_INT_ARRAY(S, m, key, lo, hi, length, fl) \
  { .name = key, .type = KASIR_FIELD_INT_ARRAY, .offset = KASIR_FIELD_OFFSET (S, m, GArray *), \
    .flags = (fl), .min = (lo), .max = (hi), .max_length = (length) }
#define KASIR_F_GROUP(key, spec) \
  { .name = key, .type = KASIR_FIELD_GROUP, .element = (spec) }
#define KASIR_F_CUSTOM(key, field_codec, spec) \
  { .name = key, .type = KASIR_FIELD_CUSTOM, .custom = (field_codec), .element = (spec) }
/* A custom line whose member m it owns: a char * (STRING) or a JsonNode * (OBJECT). */
#define KASIR_F_CUSTOM_OWNING(S, m, key, field_codec, spec, kind) \
  { .name = key, .type = KASIR_FIELD_CUSTOM, .offset = G_STRUCT_OFFSET (S, m), \
    .custom = (field_codec), .element = (spec), .owns = (kind) }

/* A record made zeroed, as a plain struct of Type. */
#define KASIR_RECORD_OF(record_name, table, Type, free_func, check_func) \
  { .name = record_name, .fields = table, .n_fields = G_N_ELEMENTS (table), \
    .size = sizeof (Type), .free = (GDestroyNotify) (void (*) (void)) (free_func), \
    .check = (check_func) }

#define KASIR_RECORD(record_name, table, new_func, free_func, check_func) \
  { .name = record_name, .fields = table, .n_fields = G_N_ELEMENTS (table), \
    .new = (gpointer (*) (void)) (void (*) (void)) (new_func), \
    .free = (GDestroyNotify) (void (*) (void)) (free_func), .check = (check_func) }

/* The public encode and decode functions of a record type. */
#define KASIR_RECORD_CODEC(Type, name, record) \
  JsonNode * \
  kasir_protocol_encode_##name (const Type *value) \
  { \
    g_return_val_if_fail (value != NULL, NULL); \
    return kasir_record_encode (&(record), value); \
  } \
  Type * \
  kasir_protocol_decode_##name (JsonNode  *node, \
                                GError   **error) \
  { \
    return kasir_record_decode (&(record), node, error); \
  }

/* The engine (kasir-protocol-fields.c). */
JsonNode *kasir_record_encode        (const KasirRecordSpec *spec,
                                      gconstpointer          record);
void      kasir_record_encode_into   (const KasirRecordSpec *spec,
                                      gconstpointer          record,
                                      JsonObject            *obj);
/* Frees what each line owns, then the struct (made by size, not by new). */
void      kasir_record_free          (const KasirRecordSpec *spec,
                                      gpointer               record);
gpointer  kasir_record_decode        (const KasirRecordSpec *spec,
                                      JsonNode              *node,
                                      GError               **error);
gpointer  kasir_record_decode_object (const KasirRecordSpec *spec,
                                      JsonObject            *obj,
                                      const char            *path,
                                      GError               **error);
/* Checks the member "fields" of obj: an object of one or more members that are
 * KASIR_FIELD_EDITABLE in spec, each valid by its line; *out gets a copy. */
gboolean  kasir_record_check_edit    (const KasirRecordSpec *spec,
                                      JsonObject            *obj,
                                      const char            *path,
                                      JsonNode             **out,
                                      GError               **error);
/* Writes one member by its line into obj, as a record's encoding would. */
void      kasir_field_encode         (JsonObject            *obj,
                                      const KasirFieldSpec  *field,
                                      gconstpointer          record);
/* Reads one member by its line, as a record's decoding would. */
gboolean  kasir_field_decode         (JsonObject            *obj,
                                      const char            *path,
                                      const KasirFieldSpec  *field,
                                      gpointer               record,
                                      GError               **error);
const KasirFieldSpec *kasir_record_find_field (const KasirRecordSpec *spec,
                                               const char            *name);

/* Every table, for the tests (kasir-protocol.c). */
const KasirRecordSpec * const *kasir_protocol_record_specs (guint *n_specs);

/* Pull changes (kasir-protocol.c): the table a "put" of @entity is checked against (NULL
 * for none) and whether its decoded record is kept on the change; then hands @decoded to
 * @change (kept or freed) after checking that it names the change's id. */
const KasirRecordSpec *kasir_change_entity_spec (const char *entity,
                                                 gboolean   *keep);
gboolean  kasir_change_take_entity   (KasirChange           *change,
                                      const KasirRecordSpec *spec,
                                      gboolean               keep,
                                      gpointer               decoded,
                                      const char            *path,
                                      GError               **error);

/* Pieces the tables' custom parts share. */
char       *kasir_protocol_join_path  (const char  *path,
                                       const char  *key);
void        kasir_protocol_fail       (GError             **error,
                                       KasirProtocolError   code,
                                       const char          *path,
                                       const char          *key,
                                       const char          *format,
                                       ...) G_GNUC_PRINTF (5, 6);
gboolean    kasir_protocol_get_int    (JsonObject  *obj,
                                       const char  *path,
                                       const char  *key,
                                       gint64       min,
                                       gint64       max,
                                       gint64      *out,
                                       GError     **error);
gboolean    kasir_protocol_get_string (JsonObject  *obj,
                                       const char  *path,
                                       const char  *key,
                                       gboolean     nullable,
                                       gboolean     allow_empty,
                                       char       **out,
                                       GError     **error);
gboolean    kasir_protocol_get_text_id (JsonObject  *obj,
                                        const char  *path,
                                        const char  *key,
                                        char       **out,
                                        GError     **error);
void        kasir_protocol_set_text_id (JsonObject *obj,
                                        const char *key,
                                        const char *text);
void        kasir_protocol_set_string_or_null (JsonObject *obj,
                                               const char *key,
                                               const char *value);

/* One member's value as the readers see it: from a json-glib tree, or read straight from
 * the text (kasir-protocol-pull-reader.c). Both go through the same readers
 * (kasir-protocol-value.c), so both accept the same values with the same errors. */
typedef enum
{
  KASIR_VALUE_ABSENT,
  KASIR_VALUE_NULL,
  KASIR_VALUE_INT,
  KASIR_VALUE_DOUBLE,
  KASIR_VALUE_BOOL,
  KASIR_VALUE_STRING,
  KASIR_VALUE_CONTAINER,  /* an object or an array */
} KasirValueKind;

typedef struct
{
  KasirValueKind  kind;
  gint64          integer;
  double          number;
  gboolean        boolean;
  const char     *string;  /* borrowed, NUL-terminated */
} KasirValue;

void      kasir_value_from_node      (JsonNode              *node,
                                      KasirValue            *out);
void      kasir_value_from_member    (JsonObject            *obj,
                                      const char            *key,
                                      KasirValue            *out);
gboolean  kasir_value_to_int         (const KasirValue      *value,
                                      const char            *path,
                                      const char            *key,
                                      gint64                *out,
                                      GError               **error);
gboolean  kasir_value_check_range    (gint64                 value,
                                      gint64                 min,
                                      gint64                 max,
                                      const char            *path,
                                      const char            *key,
                                      GError               **error);
gboolean  kasir_value_get_int        (const KasirValue      *value,
                                      const char            *path,
                                      const char            *key,
                                      gint64                 min,
                                      gint64                 max,
                                      gint64                *out,
                                      GError               **error);
gboolean  kasir_value_get_string     (const KasirValue      *value,
                                      const char            *path,
                                      const char            *key,
                                      gboolean               nullable,
                                      gboolean               allow_empty,
                                      char                 **out,
                                      GError               **error);
gboolean  kasir_value_get_text_id    (const KasirValue      *value,
                                      const char            *path,
                                      const char            *key,
                                      char                 **out,
                                      GError               **error);
/* INT, UINT, BOOL, STRING, UUID, TIME, TEXT_ID and ENUM lines: read from one value. */
gboolean  kasir_field_is_scalar      (const KasirFieldSpec  *field);
gboolean  kasir_field_decode_value   (const KasirValue      *value,
                                      const char            *path,
                                      const KasirFieldSpec  *field,
                                      gpointer               record,
                                      GError               **error);

/* The tables other files reach (kasir-protocol-records.c, -mutations.c). */
extern const KasirRecordSpec kasir_pull_response_record;
extern const KasirRecordSpec kasir_change_record;
extern const KasirRecordSpec kasir_mutation_record;
extern const KasirRecordSpec kasir_push_request_record;
extern const KasirRecordSpec kasir_product_record;
extern const KasirRecordSpec kasir_category_record;
extern const KasirRecordSpec kasir_stock_record;
extern const KasirRecordSpec kasir_customer_record;
extern const KasirRecordSpec kasir_staff_record;
extern const KasirRecordSpec kasir_shift_record;
extern const KasirRecordSpec kasir_conflict_record;
extern const KasirRecordSpec kasir_sale_record;
extern const KasirRecordSpec kasir_sale_line_record;
extern const KasirRecordSpec kasir_sale_payment_record;
extern const KasirRecordSpec kasir_refund_record;
extern const KasirRecordSpec kasir_refund_line_record;
extern const KasirRecordSpec kasir_refund_payment_record;
extern const KasirRecordSpec kasir_shift_open_record;
extern const KasirRecordSpec kasir_shift_close_record;
extern const KasirRecordSpec kasir_shift_payment_record;
extern const KasirRecordSpec kasir_shift_cash_record;
extern const KasirRecordSpec kasir_product_update_record;
extern const KasirRecordSpec kasir_customer_upsert_record;
extern const KasirRecordSpec kasir_stock_adjust_record;
extern const KasirRecordSpec kasir_conflict_resolve_record;
extern const KasirRecordSpec kasir_staff_upsert_record;
extern const KasirRecordSpec kasir_category_upsert_record;
extern const KasirRecordSpec kasir_product_create_record;
extern const KasirRecordSpec kasir_modifier_group_record;
extern const KasirRecordSpec kasir_modifier_option_record;
extern const KasirRecordSpec kasir_sale_line_option_record;
extern const KasirRecordSpec kasir_order_open_record;
extern const KasirRecordSpec kasir_order_add_record;
extern const KasirRecordSpec kasir_order_item_record;
extern const KasirRecordSpec kasir_product_modifiers_record;
extern const KasirRecordSpec kasir_modifier_base_record;
extern const KasirRecordSpec kasir_order_cancel_record;

G_END_DECLS
