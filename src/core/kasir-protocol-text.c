/* kasir-protocol-text.c — the protocol's text layer: bytes to a json-glib tree and back.
 *
 * kasir_protocol_parse() first runs a strict, non-recursive RFC 8259 scanner over the
 * bytes (json-glib's parser recurses once per nesting level and is lenient: it accepts
 * comments, single quotes, hexadecimal numbers, trailing data, and silently wraps
 * integers beyond 64 bits); only text the scanner has proven to be plain, shallow JSON
 * within the body's caps (kasir-protocol.h) is then built into a tree, by
 * kasir-protocol-tree.c, which gives the nodes json-glib would. kasir_protocol_to_string()
 * writes what the scanner accepts again. The typed decoders live in kasir-protocol.c.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol.h"
#include "kasir-protocol-tree.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------------------ */
/* Parsing                                                                              */
/* ------------------------------------------------------------------------------------ */

typedef struct
{
  const guchar *start;
  const guchar *p;
  const guchar *end;
} Scanner;

static gboolean
scan_fail (Scanner             *s,
           GError             **error,
           KasirProtocolError   code,
           const char          *what)
{
  g_set_error (error, KASIR_PROTOCOL_ERROR, code, "byte %" G_GSIZE_FORMAT ": %s",
               (gsize) (s->p - s->start), what);
  return FALSE;
}

static void
scan_whitespace (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
scan_hex4 (Scanner *s,
           guint   *out)
{
  guint value = 0;

  if (s->end - s->p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s->p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (guint) digit;
    }
  s->p += 4;
  *out = value;
  return TRUE;
}

/* Called with s->p on the opening quote. The body is already known to be valid UTF-8. */
static gboolean
scan_string (Scanner  *s,
             gsize     max_string,
             GError  **error)
{
  const guchar *begin = s->p;

  s->p++;
  while (s->p < s->end)
    {
      guchar c = *s->p;

      if ((gsize) (s->p - begin - 1) > max_string)
        {
          s->p = begin;
          return scan_fail (s, error, KASIR_PROTOCOL_ERROR_TOO_LARGE,
                            "string longer than the protocol allows");
        }
      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                          "control character inside a string");
      if (c != '\\')
        {
          s->p++;
          continue;
        }

      s->p++;
      if (s->p >= s->end)
        break;
      c = *s->p;
      if (c == 'u')
        {
          guint unit;

          s->p++;
          if (!scan_hex4 (s, &unit))
            return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "bad \\u escape");
          /* An escaped NUL would cut the string short in C. */
          if (unit == 0)
            return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                              "\\u0000 is not allowed");
          if (unit >= 0xDC00 && unit <= 0xDFFF)
            return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                              "lone low surrogate");
          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              guint low;

              if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                                  "lone high surrogate");
              s->p += 2;
              if (!scan_hex4 (s, &low) || low < 0xDC00 || low > 0xDFFF)
                return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                                  "lone high surrogate");
            }
          continue;
        }
      if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' ||
          c == 'r' || c == 't')
        {
          s->p++;
          continue;
        }
      return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "bad escape in a string");
    }

  return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "unterminated string");
}

/* Called with s->p on '-' or a digit. Integers (no fraction, no exponent) must fit in
 * gint64, because json-glib would otherwise wrap them around without a word. */
static gboolean
scan_number (Scanner  *s,
             GError  **error)
{
  const guchar *begin = s->p;
  gboolean negative = FALSE;
  gboolean integer = TRUE;
  guint64 limit;
  guint64 value = 0;

  if (*s->p == '-')
    {
      negative = TRUE;
      s->p++;
    }
  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "bad number");

  if (*s->p == '0')
    {
      s->p++;
      if (s->p < s->end && g_ascii_isdigit (*s->p))
        return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                          "number with a leading zero");
    }
  else
    {
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (s->p < s->end && *s->p == '.')
    {
      integer = FALSE;
      s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "bad number");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      integer = FALSE;
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "bad number");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (!integer)
    {
      /* json-glib would keep 1e400 as infinity and later write it out as "inf.0", which
       * is not JSON: refuse it here so that nothing stored can become unreadable. */
      g_autofree char *token = g_strndup ((const char *) begin, s->p - begin);

      if (!isfinite (g_ascii_strtod (token, NULL)))
        {
          s->p = begin;
          return scan_fail (s, error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE,
                            "number outside the range of a double");
        }
      return TRUE;
    }

  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  for (const guchar *q = begin + (negative ? 1 : 0); q < s->p; q++)
    {
      guint digit = *q - '0';

      if (value > (limit - digit) / 10)
        {
          s->p = begin;
          return scan_fail (s, error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE,
                            "integer outside 64 bits");
        }
      value = value * 10 + digit;
    }

  return TRUE;
}

static gboolean
scan_literal (Scanner     *s,
              const char  *word,
              GError     **error)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "unexpected character");
  s->p += len;
  return TRUE;
}

/* The member names of the open objects, so that a name given twice in one object is
 * caught. Names carry no escapes (refused before) and no NUL (refused by UTF-8 checks).
 *
 * The first SMALL_OBJECT names of an object are kept per nesting level as places in the
 * text and compared one by one: a pull page has a hundred thousand small objects, for
 * which that costs no allocation at all. From then on the object's names go, as
 * "<object serial in hex>:<name>", into one hash table, so that an object of very many
 * members costs no more than that. */
#define SMALL_OBJECT 32

typedef struct
{
  const guchar *name;
  gsize         length;
} NameSpan;

typedef struct
{
  guint         serial[KASIR_PROTOCOL_MAX_DEPTH];  /* the object open at each level */
  guint         count[KASIR_PROTOCOL_MAX_DEPTH];   /* names seen in it */
  NameSpan      small[KASIR_PROTOCOL_MAX_DEPTH][SMALL_OBJECT];
  GHashTable   *seen;
  GStringChunk *chunk;
  GString      *scratch;
} MemberNames;

static void
member_names_init (MemberNames *names)
{
  memset (names->serial, 0xff, sizeof names->serial);
  memset (names->count, 0, sizeof names->count);
  names->seen = NULL;
  names->chunk = NULL;
  names->scratch = NULL;
}

static void
member_names_clear (MemberNames *names)
{
  g_clear_pointer (&names->seen, g_hash_table_unref);
  g_clear_pointer (&names->chunk, g_string_chunk_free);
  if (names->scratch != NULL)
    g_string_free (g_steal_pointer (&names->scratch), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MemberNames, member_names_clear)

/* Adds a name of a big object to the hash table; FALSE if it was there. */
static gboolean
member_names_add_big (MemberNames   *names,
                      guint          serial,
                      const guchar  *name,
                      gsize          length)
{
  if (names->seen == NULL)
    {
      names->seen = g_hash_table_new (g_str_hash, g_str_equal);
      names->chunk = g_string_chunk_new (4096);
      names->scratch = g_string_new (NULL);
    }
  g_string_printf (names->scratch, "%x:", serial);
  g_string_append_len (names->scratch, (const char *) name, (gssize) length);
  if (g_hash_table_contains (names->seen, names->scratch->str))
    return FALSE;
  g_hash_table_add (names->seen, g_string_chunk_insert_len (names->chunk, names->scratch->str,
                                                            (gssize) names->scratch->len));
  return TRUE;
}

/* Called with the name's quotes at @name - 1 and @name + @length, for the object with
 * @serial open at @level. */
static gboolean
member_names_add (MemberNames   *names,
                  guint          level,
                  guint          serial,
                  const guchar  *name,
                  gsize          length)
{
  NameSpan *small = names->small[level];
  guint count;

  if (names->serial[level] != serial)
    {
      names->serial[level] = serial;
      names->count[level] = 0;
    }
  count = names->count[level]++;

  if (count < SMALL_OBJECT)
    {
      for (guint i = 0; i < count; i++)
        if (small[i].length == length && memcmp (small[i].name, name, length) == 0)
          return FALSE;
      small[count].name = name;
      small[count].length = length;
      return TRUE;
    }

  if (count == SMALL_OBJECT)
    for (guint i = 0; i < SMALL_OBJECT; i++)
      member_names_add_big (names, serial, small[i].name, small[i].length);
  return member_names_add_big (names, serial, name, length);
}

/* Reads a member name and its ':' (the name's opening quote at s->p): plain, and not
 * given before in the same object. */
static gboolean
scan_member_name (Scanner      *s,
                  MemberNames  *names,
                  guint         level,
                  guint         serial,
                  gsize         max_string,
                  GError      **error)
{
  const guchar *name;
  gsize name_length;

  if (s->p >= s->end || *s->p != '"')
    return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "expected a member name");
  name = s->p + 1;
  if (!scan_string (s, max_string, error))
    return FALSE;
  name_length = (gsize) (s->p - 1 - name);
  /* The protocol's names are plain words; with escapes, one name could hide behind
   * another spelling of it. */
  if (memchr (name, '\\', name_length) != NULL)
    {
      s->p = name - 1;
      return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                        "escapes are not allowed in member names");
    }
  if (!member_names_add (names, level, serial, name, name_length))
    {
      s->p = name - 1;
      return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                        "member name given twice in one object");
    }
  scan_whitespace (s);
  if (s->p >= s->end || *s->p != ':')
    return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "expected ':'");
  s->p++;
  return TRUE;
}

/* Reads a string, a number, true, false or null at s->p. */
static gboolean
scan_scalar (Scanner  *s,
             gsize     max_string,
             GError  **error)
{
  guchar c = *s->p;

  if (c == '"')
    return scan_string (s, max_string, error);
  if (c == '-' || g_ascii_isdigit (c))
    return scan_number (s, error);
  if (c == 't')
    return scan_literal (s, "true", error);
  if (c == 'f')
    return scan_literal (s, "false", error);
  if (c == 'n')
    return scan_literal (s, "null", error);
  return scan_fail (s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "unexpected character");
}

/* Checks the whole document without recursion: the container stack is a fixed array of
 * KASIR_PROTOCOL_MAX_DEPTH, so a 10,000-deep document fails at level 33 in microseconds.
 * Counting values as they come stops a value bomb before any of it is built. */
static gboolean
scan_document (const char  *data,
               gsize        length,
               guint        max_values,
               gsize        max_string,
               GError     **error)
{
  Scanner s = { (const guchar *) data, (const guchar *) data, (const guchar *) data + length };
  g_auto(MemberNames) names = { .seen = NULL };
  guchar stack[KASIR_PROTOCOL_MAX_DEPTH];
  guint serials[KASIR_PROTOCOL_MAX_DEPTH];
  guint n_values = 0, n_objects = 0;
  guint depth = 0;

  member_names_init (&names);
  scan_whitespace (&s);
  if (s.p >= s.end)
    return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_MALFORMED, "empty document");

  for (;;)
    {
      guchar c;

      /* A value is expected here. */
      scan_whitespace (&s);
      if (s.p >= s.end)
        return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                          "unexpected end of document");
      c = *s.p;
      if (++n_values > max_values)
        return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_TOO_LARGE,
                          "more values than the protocol allows in one body");

      if (c == '{' || c == '[')
        {
          if (depth >= KASIR_PROTOCOL_MAX_DEPTH)
            return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_TOO_DEEP,
                              "nesting deeper than the protocol allows");
          serials[depth] = c == '{' ? n_objects++ : 0;
          stack[depth++] = c;
          s.p++;
          scan_whitespace (&s);
          if (s.p < s.end && *s.p == (c == '{' ? '}' : ']'))
            {
              s.p++;
              depth--;
              goto after_value;
            }
          if (c == '[')
            continue;
          if (!scan_member_name (&s, &names, depth - 1, serials[depth - 1], max_string,
                                 error))
            return FALSE;
          continue;
        }
      else if (!scan_scalar (&s, max_string, error))
        return FALSE;

    after_value:
      for (;;)
        {
          scan_whitespace (&s);
          if (depth == 0)
            {
              if (s.p != s.end)
                return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                                  "data after the document");
              return TRUE;
            }
          if (s.p >= s.end)
            return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                              "unexpected end of document");
          c = *s.p;
          if (c == (stack[depth - 1] == '{' ? '}' : ']'))
            {
              s.p++;
              depth--;
              continue;
            }
          if (c != ',')
            return scan_fail (&s, error, KASIR_PROTOCOL_ERROR_MALFORMED,
                              "expected ',' or the end of the container");
          s.p++;
          if (stack[depth - 1] == '[')
            break;
          scan_whitespace (&s);
          if (!scan_member_name (&s, &names, depth - 1, serials[depth - 1], max_string,
                                 error))
            return FALSE;
          break;
        }
      continue;
    }
}

JsonNode *
kasir_protocol_parse (const char  *data,
                      gsize        length,
                      GError     **error)
{
  return kasir_protocol_parse_limited (data, length, KASIR_PROTOCOL_MAX_VALUES,
                                       KASIR_PROTOCOL_MAX_STRING, error);
}

gboolean
kasir_protocol_check_text (const char  *data,
                           gsize        length,
                           guint        max_values,
                           gsize        max_string,
                           GError     **error)
{
  const char *bad_utf8 = NULL;

  if (length > KASIR_PROTOCOL_MAX_BODY)
    {
      g_set_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE,
                   "body of %" G_GSIZE_FORMAT " bytes is over the limit of %d bytes",
                   length, KASIR_PROTOCOL_MAX_BODY);
      return FALSE;
    }
  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED,
                           "empty document");
      return FALSE;
    }
  /* g_utf8_validate_len() also refuses NUL bytes, which JSON never needs raw. */
  if (!g_utf8_validate_len (data, length, &bad_utf8))
    {
      g_set_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED,
                   "byte %" G_GSIZE_FORMAT ": invalid UTF-8", (gsize) (bad_utf8 - data));
      return FALSE;
    }
  return scan_document (data, length, max_values, max_string, error);
}

JsonNode *
kasir_protocol_parse_limited (const char  *data,
                              gsize        length,
                              guint        max_values,
                              gsize        max_string,
                              GError     **error)
{
  if (!kasir_protocol_check_text (data, length, max_values, max_string, error))
    return NULL;

  return kasir_protocol_build_tree (data, length);
}

/* json-glib 1.6 writes three things that are not what kasir_protocol_parse() reads, so
 * that text this codec wrote could be refused by every receiver, and one such value
 * kept in stored data (a payload, a name, a conflict's values) would stop every pull
 * that carries it. This pass repairs them:
 *  - a double that g_ascii_dtostr() prints in exponent form gets ".0" after it: 1e30
 *    becomes "1e+30.0", which is not JSON (outside strings, a '.' after an 'e' or 'E'
 *    only occurs in such a number): the ".0" is dropped;
 *  - U+001F is written raw (its escaper stops one short, at < 0x1F), which JSON forbids:
 *    it becomes "\u001f";
 *  - U+007F is written "\u007f", which the pre-scan refuses in member names (where
 *    escapes could hide one name behind another spelling): it is written raw, as JSON
 *    allows. */
static char *
repair_generator_output (char  *text,
                         gsize *length)
{
  char *r = text, *w = text, *end = text + *length;
  gboolean in_string = FALSE, in_exponent = FALSE;
  gsize n_raw_us = 0;

  /* Everything but the raw U+001F shrinks or stays: in place. */
  while (r < end)
    {
      char c = *r;

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && end - r >= 6 && g_ascii_strncasecmp (r, "\\u007f", 6) == 0)
            {
              *w++ = 0x7f;
              r += 6;
              continue;
            }
          else if (c == '\\' && r + 1 < end)
            *w++ = *r++;
          else if (c == 0x1f)
            n_raw_us++;
          *w++ = *r++;
          continue;
        }
      if (c == '"')
        in_string = TRUE, in_exponent = FALSE;
      else if (c == 'e' || c == 'E')
        in_exponent = TRUE;
      else if (in_exponent && c == '.' && r + 1 < end && r[1] == '0')
        {
          r += 2;
          in_exponent = FALSE;
          continue;
        }
      else if (!g_ascii_isdigit (c) && c != '+' && c != '-')
        in_exponent = FALSE;
      *w++ = *r++;
    }
  *w = '\0';
  *length = (gsize) (w - text);

  if (n_raw_us > 0)
    {
      /* Raw control characters only ever occur inside strings. */
      GString *out = g_string_sized_new (*length + 5 * n_raw_us);

      for (gsize i = 0; i < *length; i++)
        {
          if (text[i] == 0x1f)
            g_string_append (out, "\\u001f");
          else
            g_string_append_c (out, text[i]);
        }
      g_free (text);
      *length = out->len;
      return g_string_free (out, FALSE);
    }
  return text;
}

char *
kasir_protocol_to_string (JsonNode *node,
                          gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize n = 0;

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &n);
  text = repair_generator_output (text, &n);
  if (length != NULL)
    *length = n;
  return text;
}
