/* kasir-ui-types.h — the till's widget types named ahead of their headers, so that a
 * header can take one as an argument without including the header that declares it
 * (which would make two headers include each other).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KasirApplication KasirApplication;
typedef struct _KasirCartView    KasirCartView;
typedef struct _KasirSellingView KasirSellingView;

G_END_DECLS
