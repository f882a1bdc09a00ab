/* iki — the arithmetic of indicators (../shared/DOMAIN.md): percent, IDG
 * by the EDEP method, KLA predicate ranks, capaian and predicate bands.
 * Full precision; nothing here rounds. */
#include "iki/compute.h"

#include <math.h>
#include <string.h>

int iki_percent(double numerator, double denominator, double *out)
{
    if (!out || denominator == 0 || !isfinite(numerator) || !isfinite(denominator))
        return -1;
    *out = numerator / denominator * 100.0;
    return 0;
}

int iki_idg_edep_index(double p_f, double x_f, double *out)
{
    /* A population share of 0 or 1 leaves one sex without weight: not a
     * population.  Percentages are 0-100. */
    if (!out || !isfinite(p_f) || !isfinite(x_f) || p_f <= 0 || p_f >= 1 || x_f < 0 ||
        x_f > 100)
        return -1;
    double p_m = 1.0 - p_f, x_m = 100.0 - x_f;
    /* Harmonic mean with epsilon 2: a group with no share drives it to 0. */
    if (x_f == 0 || x_m == 0) {
        *out = 0;
        return 0;
    }
    double edep = 1.0 / (p_f / x_f + p_m / x_m);
    *out = edep / 50.0;
    return 0;
}

double iki_idg(double i_par, double i_dm, double i_inc)
{
    return 100.0 * (i_par + i_dm + i_inc) / 3.0;
}

int iki_kla_rank_from_score(double score)
{
    if (!isfinite(score) || score < 0 || score > 1000)
        return -1;
    if (score < 500)
        return 0;
    if (score <= 600)
        return 1;
    if (score <= 700)
        return 2;
    if (score <= 800)
        return 3;
    if (score <= 900)
        return 4;
    return 5;
}

/* Lower-case ASCII letters and digits of s; every other byte run becomes
 * one space (spaced) or nothing (squeezed). */
static void squash(const char *s, char *spaced, char *squeezed, size_t cap)
{
    size_t a = 0, b = 0;
    int gap = 1; /* no leading space */
    spaced[0] = squeezed[0] = '\0';
    if (cap < 3)
        return;
    for (; *s && a + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && a > 0)
                spaced[a++] = ' ';
            spaced[a++] = (char)c;
            squeezed[b++] = (char)c;
            gap = 0;
        } else {
            gap = 1;
        }
    }
    spaced[a] = '\0';
    squeezed[b] = '\0';
}

/* Does the space-separated text contain word w? */
static int has_word(const char *spaced, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = spaced; (p = strstr(p, w)) != NULL; p++) {
        int start = p == spaced || p[-1] == ' ';
        int end = p[n] == '\0' || p[n] == ' ';
        if (start && end)
            return 1;
    }
    return 0;
}

int iki_kla_rank_from_text(const char *text)
{
    static const char *const ranks[] = {"pratama", "madya", "nindya", "utama"};
    char spaced[256], squeezed[256];
    if (!text)
        return 0;
    squash(text, spaced, squeezed, sizeof spaced);
    /* The grade words first: "KLA Madya" is Madya, not KLA. */
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++)
        if (strstr(squeezed, ranks[i]))
            return (int)i + 1;
    if (strstr(squeezed, "layakanak") || has_word(spaced, "kla") ||
        strcmp(squeezed, "kla") == 0)
        return 5;
    return 0;
}

const char *iki_kla_rank_name(int rank)
{
    static const char *const names[] = {"", "Pratama", "Madya", "Nindya", "Utama", "KLA"};
    if (rank < 0 || rank > 5)
        return "";
    return names[rank];
}

/* Capaian of r against one bound t by polarity; -1 when t is 0. */
static int against(double r, double t, iki_polarity polarity, double *out)
{
    if (t == 0 || !isfinite(t))
        return -1;
    if (polarity == IKI_LOWER_IS_BETTER)
        *out = (2.0 * t - r) / t * 100.0;
    else
        *out = r / t * 100.0;
    return 0;
}

int iki_capaian(double realisasi, const iki_target *target, iki_polarity polarity,
                double *out)
{
    if (!target || !out || !isfinite(realisasi))
        return -1;
    switch (target->kind) {
    case IKI_TARGET_NUMBER:
        return against(realisasi, target->lo, polarity, out);
    case IKI_TARGET_RANGE:
        if (realisasi > target->hi)
            return against(realisasi, target->hi, polarity, out);
        if (realisasi < target->lo)
            return against(realisasi, target->lo, polarity, out);
        *out = 100.0;
        return 0;
    case IKI_TARGET_PREDICATE:
        /* ranks: 1 Pratama .. 5 KLA; a higher rank is always better */
        if (!(target->lo > 0))
            return -1;
        *out = realisasi / target->lo * 100.0;
        return 0;
    case IKI_TARGET_NONE:
    default:
        return -1;
    }
}

/* The band with the highest min at or below capaian (so above 100 is the
 * top band).  A capaian below every band's min (a negative capaian of a
 * lower-is-better indicator) gets the lowest band: it is the worst grade,
 * not an ungraded one.  The bands need not be sorted. */
const char *iki_predikat(const iki_office *office, double capaian)
{
    const iki_band *best = NULL, *lowest = NULL;
    if (!office || !office->bands || office->nbands == 0 || isnan(capaian))
        return NULL;
    for (size_t i = 0; i < office->nbands; i++) {
        const iki_band *b = &office->bands[i];
        if (!lowest || b->min < lowest->min)
            lowest = b;
        if (capaian >= b->min && (!best || b->min > best->min))
            best = b;
    }
    if (!best)
        best = lowest;
    return best->label;
}

const char *iki_kategori_text(iki_kategori k)
{
    switch (k) {
    case IKI_KATEGORI_SANGAT_KURANG: return "Sangat Kurang";
    case IKI_KATEGORI_KURANG: return "Kurang";
    case IKI_KATEGORI_CUKUP: return "Cukup";
    case IKI_KATEGORI_BAIK: return "Baik";
    case IKI_KATEGORI_SANGAT_BAIK: return "Sangat Baik";
    case IKI_KATEGORI_NONE:
    default: return "";
    }
}

/* PermenPAN-RB No. 6/2022, Lampiran BAB VI: the categories and the
 * interpolations inside them as the regulation writes them; the worked
 * example of the Lampiran (p. 243: target 85, realisasi 85, capaian 100 %,
 * Baik, nilai 109; capaian 98 %, Cukup, nilai 88) is a unit test. */
int iki_nilai_capaian(double c, int target_max, iki_kategori *kategori, double *nilai)
{
    iki_kategori k;
    double v = 0;
    int known = 1;
    if (!kategori || !nilai || !isfinite(c))
        return -1;
    if (fabs(c - 100.0) < 1e-9) {
        k = IKI_KATEGORI_BAIK;
        v = target_max ? 120.0 : 109.0;
    } else if (c > 100.0) {
        k = IKI_KATEGORI_SANGAT_BAIK;
        known = c > 110.0;
        v = 120.0;
    } else if (c >= 80.0) {
        k = IKI_KATEGORI_CUKUP;
        v = 70.0 + (89.0 - 70.0) / (99.0 - 80.0) * (c - 80.0);
    } else if (c >= 60.0) {
        k = IKI_KATEGORI_KURANG;
        v = 50.0 + (69.0 - 50.0) / (79.0 - 60.0) * (c - 60.0);
    } else {
        k = IKI_KATEGORI_SANGAT_KURANG;
        v = c / 59.0 * 49.0;
        if (v < 0) /* a lower-is-better capaian below 0: the scale's floor */
            v = 0;
    }
    *kategori = k;
    *nilai = known ? v : 0;
    return known ? 0 : 1;
}
