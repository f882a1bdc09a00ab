/* Template loading: the built-in Sampang template (the seed document), a
 * small good template, and every kind of template error with its exact
 * "NAME:LINE:COLUMN: message" line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/template.h"
#include "testutil.h"

static iki_template *builtin(void)
{
    char err[512] = "";
    iki_template *t = NULL;
    iki_error rc = iki_template_load_builtin(&t, err, sizeof err);
    if (rc != IKI_OK)
        fprintf(stderr, "builtin: %s\n", err);
    assert_int_equal(rc, IKI_OK);
    assert_non_null(t);
    return t;
}

static const iki_position *position(const iki_template *t, const char *code)
{
    for (size_t i = 0; i < t->npositions; i++)
        if (!strcmp(t->positions[i].code, code))
            return &t->positions[i];
    fail_msg("no position %s", code);
    return NULL;
}

/* ---- the built-in template ---------------------------------------------- */
static const char *const seed_indicators[] = {
    "pmks_pulih", "idg", "kla", "penunjang_urusan", "pmks_rehsos",
    "disabilitas_luar_panti", "anak_terlantar_luar_panti",
    "lansia_terlantar_luar_panti", "gepeng_luar_panti", "fakir_miskin_dibina",
    "tmp_dikelola", "pmks_linjamsos", "korban_bencana_dibantu",
    "korban_bencana_dilindungi", "pprg", "kekerasan_tertangani",
    "organisasi_perempuan_dibina", "puha_dibina", "anak_pk_tertangani",
};

static void builtin_counts_and_order(void **state)
{
    (void)state;
    iki_template *t = builtin();
    assert_string_equal(t->name, "(bawaan)");
    assert_int_equal(t->npositions, 7);
    assert_int_equal(t->nindicators, 19);
    assert_int_equal(t->nareas, 14);
    assert_int_equal(t->nsources, 11);
    for (size_t i = 0; i < 19; i++) {
        assert_string_equal(t->indicators[i].code, seed_indicators[i]);
        assert_string_equal(t->indicators[i].data_source, "Dinsos PPPA");
        assert_int_equal(t->indicators[i].target.kind, IKI_TARGET_NONE); /* seed: none */
        assert_null(t->indicators[i].target.text);
        assert_true(t->indicators[i].formula[0] != '\0');
    }
    static const char *const sources[] = {"pmks", "rehsos", "dayasos", "tmp", "bencana", "ppa",
                                          "kelembagaan", "pprg", "idg", "kla", "sekretariat"};
    for (size_t i = 0; i < 11; i++)
        assert_int_equal(iki_template_find_source(t, sources[i]), (long)i);
    assert_int_equal(iki_template_find_source(t, "nope"), -1);
    assert_int_equal(iki_template_find_indicator(t, "anak_pk_tertangani"), 18);
    assert_int_equal(iki_template_find_indicator(t, "nope"), -1);

    /* office, bands (highest first), lists */
    assert_string_equal(t->office.locale, "id");
    assert_string_equal(t->office.region, "Kabupaten Sampang");
    static const struct {
        double min;
        const char *label;
    } bands[] = {{91, "Sangat Baik"}, {76, "Baik"}, {66, "Cukup"}, {51, "Kurang"},
                 {0, "Sangat Kurang"}};
    assert_int_equal(t->office.nbands, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_true(t->office.bands[i].min == bands[i].min);
        assert_string_equal(t->office.bands[i].label, bands[i].label);
    }
    assert_int_equal(t->yes_values.n, 11);
    assert_int_equal(t->total_labels.n, 7);
    assert_string_equal(t->areas[0].name, "Sreseh");
    assert_string_equal(t->areas[11].name, "Karang Penang");
    assert_int_equal(t->areas[11].variants.n, 2);
    assert_string_equal(t->areas[11].variants.norm[1], "karangpenang");
    assert_string_equal(t->areas[13].name, "Sokobanah");
    iki_template_free(t);
}

/* Inputs of the seed's indicators: which source.field feeds which role. */
static const struct {
    const char *indicator;
    iki_kind kind;
    const char *num, *den; /* percent: source.field */
} inputs[] = {
    {"pmks_pulih", IKI_KIND_PERCENT, "pmks.ditangani", "pmks.jumlah"},
    {"idg", IKI_KIND_IDG, NULL, NULL},
    {"kla", IKI_KIND_KLA, NULL, NULL},
    {"penunjang_urusan", IKI_KIND_PERCENT, "sekretariat.difasilitasi", "sekretariat.jumlah"},
    {"pmks_rehsos", IKI_KIND_PERCENT, "pmks.rehsos", "pmks.jumlah"},
    {"disabilitas_luar_panti", IKI_KIND_PERCENT, "rehsos.disabilitas_direhabilitasi",
     "rehsos.disabilitas"},
    {"fakir_miskin_dibina", IKI_KIND_PERCENT, "dayasos.dibina", "dayasos.fakir_miskin"},
    {"tmp_dikelola", IKI_KIND_PERCENT, "tmp.dipelihara", "tmp.jumlah"},
    {"pmks_linjamsos", IKI_KIND_PERCENT, "pmks.jaminan", "pmks.jumlah"},
    {"korban_bencana_dilindungi", IKI_KIND_PERCENT, "bencana.kk_dilindungi", "bencana.kk"},
    {"pprg", IKI_KIND_PERCENT, "pprg.pprg", "pprg.jumlah"},
    {"organisasi_perempuan_dibina", IKI_KIND_PERCENT, "kelembagaan.organisasi_dibina",
     "kelembagaan.organisasi"},
    {"puha_dibina", IKI_KIND_PERCENT, "kelembagaan.puha_dibina", "kelembagaan.puha"},
};

static void expect_ref(const iki_template *t, const iki_input *in, const char *ref)
{
    assert_string_equal(in->ref, ref);
    const char *dot = strchr(ref, '.');
    char src[64];
    snprintf(src, sizeof src, "%.*s", (int)(dot - ref), ref);
    assert_int_equal(in->source, iki_template_find_source(t, src));
    assert_int_equal(in->field, iki_template_find_field(&t->sources[in->source], dot + 1));
    assert_true(in->field >= 0);
}

static void builtin_inputs(void **state)
{
    (void)state;
    iki_template *t = builtin();
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        long at = iki_template_find_indicator(t, inputs[i].indicator);
        assert_true(at >= 0);
        const iki_indicator *ind = &t->indicators[at];
        assert_int_equal(ind->kind, inputs[i].kind);
        assert_int_equal(ind->polarity, IKI_HIGHER_IS_BETTER);
        if (inputs[i].num) {
            expect_ref(t, &ind->inputs[IKI_ROLE_NUMERATOR], inputs[i].num);
            expect_ref(t, &ind->inputs[IKI_ROLE_DENOMINATOR], inputs[i].den);
            assert_int_equal(ind->inputs[IKI_ROLE_VALUE].source, -1);
            assert_string_equal(ind->unit, "%");
        }
    }
    const iki_indicator *idg = &t->indicators[1];
    expect_ref(t, &idg->inputs[IKI_ROLE_I_PAR], "idg.i_par");
    expect_ref(t, &idg->inputs[IKI_ROLE_I_DM], "idg.i_dm");
    expect_ref(t, &idg->inputs[IKI_ROLE_I_INC], "idg.i_inc");
    expect_ref(t, &idg->inputs[IKI_ROLE_P_F], "idg.p_f");
    expect_ref(t, &idg->inputs[IKI_ROLE_X_PAR], "idg.x_par");
    expect_ref(t, &idg->inputs[IKI_ROLE_X_DM], "idg.x_dm");
    assert_true(idg->index_scale == 1);
    const iki_indicator *kla = &t->indicators[2];
    expect_ref(t, &kla->inputs[IKI_ROLE_SCORE], "kla.nilai");
    expect_ref(t, &kla->inputs[IKI_ROLE_PREDICATE], "kla.predikat");
    assert_int_equal(kla->inputs[IKI_ROLE_NUMERATOR].source, -1);

    /* aggregation, over-periods and required, per field */
    static const struct {
        const char *src, *field;
        iki_agg agg;
        iki_over_periods per;
        int required;
        const char *item; /* first item label, items layout */
    } fields[] = {
        {"pmks", "jumlah", IKI_AGG_SUM, IKI_PERIODS_STOCK, 1, NULL},
        {"pmks", "ditangani", IKI_AGG_SUM, IKI_PERIODS_FLOW, 1, NULL},
        {"rehsos", "anak_terlantar", IKI_AGG_SUM, IKI_PERIODS_STOCK, 1, NULL},
        {"rehsos", "anak_terlantar_direhabilitasi", IKI_AGG_SUM, IKI_PERIODS_FLOW, 1, NULL},
        {"dayasos", "fakir_miskin", IKI_AGG_SUM, IKI_PERIODS_STOCK, 1, NULL},
        {"tmp", "jumlah", IKI_AGG_COUNT, IKI_PERIODS_STOCK, 1, NULL},
        {"tmp", "dipelihara", IKI_AGG_COUNT_IF, IKI_PERIODS_STOCK, 1, NULL},
        {"pprg", "jumlah", IKI_AGG_COUNT, IKI_PERIODS_STOCK, 1, NULL},
        {"pprg", "pprg", IKI_AGG_COUNT_IF, IKI_PERIODS_STOCK, 1, NULL},
        {"bencana", "kk_dilindungi", IKI_AGG_SUM, IKI_PERIODS_FLOW, 1, NULL},
        {"kelembagaan", "puha_dibina", IKI_AGG_SUM, IKI_PERIODS_STOCK, 1, "Kelembagaan PUHA"},
        {"idg", "i_inc", IKI_AGG_SUM, IKI_PERIODS_STOCK, 1, "Indeks Distribusi Pendapatan"},
        {"idg", "i_par", IKI_AGG_SUM, IKI_PERIODS_STOCK, 0, "Indeks Keterwakilan di Parlemen"},
        {"idg", "p_f", IKI_AGG_SUM, IKI_PERIODS_STOCK, 0, "Proporsi Penduduk Perempuan"},
        {"kla", "nilai", IKI_AGG_SUM, IKI_PERIODS_STOCK, 1, "Nilai Evaluasi KLA"},
        {"kla", "predikat", IKI_AGG_TEXT, IKI_PERIODS_STOCK, 0, "Predikat KLA"},
        {"sekretariat", "difasilitasi", IKI_AGG_SUM, IKI_PERIODS_FLOW, 1,
         "Pelayanan Administrasi dan Operasional Perkantoran"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        long s = iki_template_find_source(t, fields[i].src);
        assert_true(s >= 0);
        long f = iki_template_find_field(&t->sources[s], fields[i].field);
        assert_true(f >= 0);
        const iki_field *fd = &t->sources[s].fields[f];
        assert_int_equal(fd->agg, fields[i].agg);
        assert_int_equal(fd->over_periods, fields[i].per);
        assert_int_equal(fd->required, fields[i].required);
        if (fields[i].item)
            assert_string_equal(fd->item.items[0], fields[i].item);
        else
            assert_int_equal(fd->item.n, 0);
        /* the title is the first alias; a count reads no column */
        if (fd->agg == IKI_AGG_COUNT)
            assert_int_equal(fd->aliases.n, 0);
        else
            assert_string_equal(fd->aliases.items[0], fd->title);
    }
    assert_int_equal(t->sources[0].layout, IKI_LAYOUT_AREAS);
    assert_string_equal(t->sources[0].key.items[0], "Kecamatan");
    assert_int_equal(t->sources[3].layout, IKI_LAYOUT_LIST);
    assert_string_equal(t->sources[3].key.items[0], "Nama TMP");
    assert_string_equal(t->sources[7].key.items[0], "Perangkat Daerah");
    /* idg and kla sheets tell apart by their label column */
    assert_int_equal(t->sources[8].key.n, 1);
    assert_string_equal(t->sources[8].key.items[0], "Komponen");
    assert_int_equal(t->sources[9].key.n, 1);
    assert_string_equal(t->sources[9].key.items[0], "Uraian");
    assert_int_equal(t->sources[6].layout, IKI_LAYOUT_ITEMS);
    iki_template_free(t);
}

/* Positions: counts of TUGAS, FUNGSI and goals, and the goals' indicators. */
static const struct {
    const char *code, *sheet;
    size_t ntugas, nfungsi;
    const char *goals; /* "code,code|code|" : goals split by '|' */
} positions[] = {
    {"kadis", "Kepala Dinas", 1, 5, "pmks_pulih|idg|kla"},
    {"sekretaris", "Sekretaris", 1, 14, "pmks_pulih|idg|kla"},
    {"kasubag_umum", "Kasubag Umum", 9, 0, "penunjang_urusan||"},
    {"kabid_rehsos", "Kabid Rehsos", 1, 7,
     "pmks_rehsos,disabilitas_luar_panti,anak_terlantar_luar_panti,"
     "lansia_terlantar_luar_panti,gepeng_luar_panti"},
    {"kabid_dayasos", "Kabid Dayasos", 1, 7, "fakir_miskin_dibina,tmp_dikelola"},
    {"kabid_linjamsos", "Kabid Linjamsos", 1, 7,
     "pmks_linjamsos,korban_bencana_dibantu,korban_bencana_dilindungi"},
    {"kabid_pppa", "Kabid PPPA", 1, 8,
     "pprg|kekerasan_tertangani,organisasi_perempuan_dibina,puha_dibina,anak_pk_tertangani"},
};

static void builtin_positions(void **state)
{
    (void)state;
    iki_template *t = builtin();
    for (size_t i = 0; i < sizeof positions / sizeof *positions; i++) {
        const iki_position *p = &t->positions[i];
        assert_string_equal(p->code, positions[i].code);
        assert_string_equal(p->sheet, positions[i].sheet);
        assert_int_equal(p->tugas.n, positions[i].ntugas);
        assert_int_equal(p->fungsi.n, positions[i].nfungsi);
        char got[512] = "";
        for (size_t g = 0; g < p->ngoals; g++) {
            if (g)
                strcat(got, "|");
            for (size_t k = 0; k < p->goals[g].nindicators; k++) {
                if (k)
                    strcat(got, ",");
                strcat(got, t->indicators[p->goals[g].indicators[k]].code);
            }
        }
        assert_string_equal(got, positions[i].goals);
    }
    /* goals: the seed's three sasaran */
    const iki_position *kasubag = position(t, "kasubag_umum");
    assert_int_equal(kasubag->ngoals, 3);
    assert_string_equal(kasubag->goals[0].name, "Meningkatnya Kesejahteraan Sosial PMKS");
    assert_string_equal(kasubag->goals[1].name,
                        "Meningkatnya Kualitas Hidup dan Pemberdayaan Perempuan");
    assert_string_equal(kasubag->goals[2].name,
                        "Mewujudkan Implementasi Kabupaten Layak Anak (KLA)");
    iki_template_free(t);
}

/* A few lines as the seed has them, spelling included. */
static const struct {
    const char *position;
    int fungsi; /* 0: TUGAS, 1: FUNGSI */
    size_t index;
    const char *text;
} seed_lines[] = {
    {"kadis", 0, 0,
     "Membantu Bupati melaksanakan urusan pemerintahan yang menjadi kewenangan daerah bidang "
     "sosial, bidang pemberdayaan perempuan, dan perlindungan anak dan tugas pembantuan"},
    {"kadis", 1, 2,
     "pelaksanaan evaluasi dan pelaporan bidang Sosial, Pemberdayaa Perempuan dan Perlindungan "
     "Anak;"},
    {"kadis", 1, 4, "pelaksanaan fungsi lain yang diberikan oleh Bupati."},
    {"sekretaris", 1, 1,
     "pengeloaan administrasi kepegawaian dan pembinaan sumber daya manusia;"},
    {"sekretaris", 1, 12, "pelaksanaan koordinasi penyelenggaraan tugas- tugas bidang; dan"},
    {"kasubag_umum", 0, 6, "membantu penyelesaian masalah hukum di luar pengadilan (non yudisial);"},
    {"kasubag_umum", 0, 8, "melaksanakan tugas lain yang diberikan oleh Sekretaris."},
    {"kabid_rehsos", 0, 0,
     "merumuskan dan menyiapkan bahan pelaksanaan kebijakan teknis rehabilitasi sosial dan "
     "pengembangan kesejahteraan sosial sesuai dengan ketentuan peraturan perundang-undangan;"},
    {"kabid_dayasos", 1, 5, "pengembangan potensi sumber kesejahteraan sosial daerah Kabupaten/Kota;"},
    {"kabid_linjamsos", 1, 5,
     "pengawasan penyelenggaraan perlindungan dan jaminan sosial; serta kebencanaan;"},
    {"kabid_pppa", 1, 2,
     "pelaksanaan norma, standart, prosedur dan kriteria terkait kesetaraan gender, "
     "pemberdayaan perempuan, perlindungan perempuan dan anak;"},
    {"kabid_pppa", 1, 7, "pelaksanaan fungsi lain yang diberikan oleh Kepala Dinas."},
};

static void builtin_seed_text(void **state)
{
    (void)state;
    iki_template *t = builtin();
    for (size_t i = 0; i < sizeof seed_lines / sizeof *seed_lines; i++) {
        const iki_position *p = position(t, seed_lines[i].position);
        const iki_strlist *l = seed_lines[i].fungsi ? &p->fungsi : &p->tugas;
        assert_true(seed_lines[i].index < l->n);
        assert_string_equal(l->items[seed_lines[i].index], seed_lines[i].text);
    }
    assert_string_equal(position(t, "sekretaris")->title,
                        "SEKRETARIS DINAS SOSIAL PPPA KABUPATEN SAMPANG");
    const iki_indicator *ind = &t->indicators[0];
    assert_string_equal(ind->name, "Persentase PMKS yang terpulihkan kembali fungsi sosialnya");
    assert_string_equal(ind->formula, "∑ PMKS yg ditangani / ∑ PMKS seluruhnya × 100%");
    assert_string_equal(ind->goal, "Meningkatnya Kesejahteraan Sosial PMKS");
    assert_string_equal(t->indicators[12].name,
                        "Persentase bantuan KSB korban bencana alam dan Korban Sosial yg "
                        "tertangani");
    assert_string_equal(t->indicators[14].goal,
                        "Meningkatnya Kualitas Hidup dan Pemberdayaan Perempuan");

    size_t len = 0;
    const char *text = iki_template_builtin_text(&len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    assert_int_equal(strncmp(text, "# iki template", 14), 0);
    assert_non_null(iki_template_builtin_text(NULL));
    iki_template_free(t);
}

/* ---- a good small template ------------------------------------------------ */
static void good_minimal(void **state)
{
    (void)state;
    char err[512] = "x";
    iki_template *t = NULL;
    const char *path = fixture_path("templates/good-minimal.yaml");
    assert_int_equal(iki_template_load_file(path, &t, err, sizeof err), IKI_OK);
    assert_string_equal(err, "");
    assert_string_equal(t->name, path);
    /* office and defaults */
    assert_string_equal(t->office.name, "Dinas Uji");
    assert_int_equal(t->office.year, 2025);
    assert_string_equal(t->office.signer_nip, "197001011990031001"); /* text, not a number */
    assert_string_equal(t->office.place, "");
    assert_string_equal(t->office.locale, "id");
    static const double mins[] = {91, 76.5, 51, 0};
    static const char *const labels[] = {"Sangat Baik", "Baik", "Kurang", "Sangat Kurang"};
    assert_int_equal(t->office.nbands, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_true(t->office.bands[i].min == mins[i]);
        assert_string_equal(t->office.bands[i].label, labels[i]);
    }
    assert_int_equal(t->yes_values.n, 11);
    assert_string_equal(t->yes_values.items[4], "✓");
    assert_string_equal(t->yes_values.norm[8], "true");
    assert_int_equal(t->total_labels.n, 7);
    assert_string_equal(t->total_labels.items[6], "Total Keseluruhan");
    assert_string_equal(t->total_labels.norm[1], "jumlah");
    /* areas: the name is variant 0; a variant equal after normalising is dropped */
    assert_int_equal(t->nareas, 2);
    assert_int_equal(t->areas[0].variants.n, 1);
    assert_int_equal(t->areas[1].variants.n, 2);
    assert_string_equal(t->areas[1].variants.items[0], "Karang Penang");
    assert_string_equal(t->areas[1].variants.norm[0], "karang penang");
    assert_string_equal(t->areas[1].variants.items[1], "Karangpenang");
    /* sources and field defaults */
    const iki_source *pmks = &t->sources[0];
    assert_string_equal(pmks->title, "pmks"); /* default: the code */
    assert_string_equal(pmks->key.items[0], "Kecamatan");
    assert_string_equal(pmks->file_globs.items[0], "*pmks*");
    assert_int_equal(pmks->sheet_globs.n, 0);
    const iki_field *jumlah = &pmks->fields[0];
    assert_int_equal(jumlah->agg, IKI_AGG_SUM);
    assert_int_equal(jumlah->required, 1);
    assert_int_equal(jumlah->over_periods, IKI_PERIODS_STOCK);
    assert_int_equal(jumlah->aliases.n, 2); /* title added first */
    assert_string_equal(jumlah->aliases.items[0], "Jumlah PMKS");
    assert_string_equal(jumlah->aliases.norm[0], "jumlah pmks");
    assert_string_equal(jumlah->aliases.items[1], "Total PMKS");
    const iki_field *ditangani = &pmks->fields[1];
    assert_int_equal(ditangani->required, 0);
    assert_int_equal(ditangani->over_periods, IKI_PERIODS_FLOW);
    const iki_source *tmp = &t->sources[1];
    assert_int_equal(tmp->layout, IKI_LAYOUT_LIST);
    assert_int_equal(tmp->key.n, 0);
    assert_int_equal(tmp->fields[0].agg, IKI_AGG_COUNT);
    assert_int_equal(tmp->fields[0].aliases.n, 0); /* counts records, reads no column */
    assert_string_equal(tmp->fields[2].aliases.items[0], "Nama TMP"); /* count with aliases */
    assert_int_equal(tmp->fields[1].agg, IKI_AGG_COUNT_IF);
    assert_string_equal(tmp->fields[1].title, "Dipelihara"); /* from the first alias */
    assert_int_equal(tmp->fields[1].yes_values.n, 2);
    assert_string_equal(tmp->fields[1].yes_values.norm[1], "baik");
    const iki_source *kla = &t->sources[2];
    assert_int_equal(kla->layout, IKI_LAYOUT_ITEMS);
    assert_string_equal(kla->fields[0].item.items[0], "Nilai KLA");
    assert_string_equal(kla->fields[0].item.norm[0], "nilai kla");
    assert_int_equal(kla->fields[1].agg, IKI_AGG_TEXT);

    /* targets of each form */
    static const struct {
        const char *code;
        iki_kind kind;
        iki_polarity pol;
        iki_target_kind tk;
        double lo, hi;
        const char *text;
    } targets[] = {
        {"pulih", IKI_KIND_PERCENT, IKI_HIGHER_IS_BETTER, IKI_TARGET_NUMBER, 80, 80, "80"},
        {"rentang", IKI_KIND_PERCENT, IKI_LOWER_IS_BETTER, IKI_TARGET_RANGE, 75, 90.5, "75-90.5"},
        {"status_kla", IKI_KIND_KLA, IKI_HIGHER_IS_BETTER, IKI_TARGET_PREDICATE, 2, 2, "Madya"},
        {"nilai", IKI_KIND_VALUE, IKI_HIGHER_IS_BETTER, IKI_TARGET_NONE, 0, 0, NULL},
        {"idg", IKI_KIND_IDG, IKI_HIGHER_IS_BETTER, IKI_TARGET_NONE, 0, 0, NULL},
    };
    assert_int_equal(t->nindicators, 5);
    for (size_t i = 0; i < 5; i++) {
        const iki_indicator *ind = &t->indicators[i];
        assert_string_equal(ind->code, targets[i].code);
        assert_int_equal(ind->kind, targets[i].kind);
        assert_int_equal(ind->polarity, targets[i].pol);
        assert_int_equal(ind->target.kind, targets[i].tk);
        assert_true(ind->target.lo == targets[i].lo && ind->target.hi == targets[i].hi);
        assert_int_equal(ind->target_max, i == 0); /* target_max: true on pulih only */
        if (targets[i].text)
            assert_string_equal(ind->target.text, targets[i].text);
        else
            assert_null(ind->target.text);
    }
    assert_string_equal(t->indicators[1].goal, ""); /* optional texts default to "" */
    assert_string_equal(t->indicators[1].unit, "");
    assert_true(t->indicators[0].index_scale == 1);
    assert_true(t->indicators[4].index_scale == 100);
    assert_int_equal(t->indicators[4].inputs[IKI_ROLE_I_PAR].source, -1);
    assert_int_equal(t->indicators[4].inputs[IKI_ROLE_X_DM].source, 3);
    assert_int_equal(t->indicators[4].inputs[IKI_ROLE_X_DM].field, 3);
    /* positions */
    const iki_position *p = &t->positions[0];
    assert_int_equal(p->tugas.n, 1);
    assert_string_equal(p->tugas.items[0], "Satu tugas saja");
    assert_int_equal(p->fungsi.n, 2);
    assert_int_equal(p->ngoals, 3);
    assert_int_equal(p->goals[0].nindicators, 2);
    assert_int_equal(p->goals[0].indicators[1], 1);
    assert_int_equal(p->goals[1].nindicators, 0);
    assert_null(p->goals[1].indicators);
    assert_int_equal(p->goals[2].nindicators, 3);
    assert_int_equal(p->goals[2].indicators[2], 4);
    iki_template_free(t);
}

/* ---- bad templates: fixtures ----------------------------------------------- */
static const struct {
    const char *file;
    const char *message; /* after "PATH:" */
} bad_files[] = {
    {"bad-yaml.yaml",
     "10:11: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping "
     "started at line 9, column 9)"},
    {"unknown-key.yaml",
     "12:5: unknown key 'indikator' in indicator 'pulih' (expected one of: code, goal, name, "
     "formula, kind, inputs, unit, polarity, target, data_source, index_scale, target_max)"},
    {"duplicate-indicator.yaml", "15:11: duplicate indicator code 'pulih'"},
    {"duplicate-source.yaml", "10:11: duplicate source code 'pmks'"},
    {"undefined-source.yaml",
     "14:25: undefined source 'pmkx' in input 'pmkx.ditangani' of indicator 'pulih'"},
    {"undefined-field.yaml",
     "14:25: undefined field 'ditanganii' of source 'pmks' in input 'pmks.ditanganii' of "
     "indicator 'pulih'"},
    {"undefined-indicator.yaml", "20:53: undefined indicator 'tidak_ada' in position 'p1'"},
    {"bad-kind.yaml",
     "13:11: bad value 'persen' for 'kind' (expected one of: percent, idg, kla, value)"},
    {"sheet-too-long.yaml",
     "18:12: sheet name 'Kepala Dinas Sosial PPPA Kabupaten Sampang' is longer than 31 "
     "characters (42)"},
    {"percent-without-denominator.yaml",
     "14:13: indicator 'pulih' of kind percent needs input denominator"},
};

static void bad_template_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_files / sizeof *bad_files; i++) {
        char rel[128], expect[1024], err[1024] = "";
        snprintf(rel, sizeof rel, "templates/%s", bad_files[i].file);
        const char *path = fixture_path(rel);
        snprintf(expect, sizeof expect, "%s:%s", path, bad_files[i].message);
        iki_template *t = (iki_template *)&t; /* must be reset to NULL */
        assert_int_equal(iki_template_load_file(path, &t, err, sizeof err), IKI_ERROR_TEMPLATE);
        assert_null(t);
        assert_string_equal(err, expect);
        assert_null(strchr(err, '\n'));
    }
}

/* ---- bad templates: inline, one part of a valid base replaced ------------ */
#define OFFICE "office:\n  name: Uji\n"
#define SOURCES                                                                        \
    "sources:\n  - code: s\n    layout: areas\n    key: Kec\n    fields:\n"             \
    "      - {code: a, title: A}\n      - {code: b, title: B}\n"
#define INDICATORS                                                                     \
    "indicators:\n  - code: i\n    name: I\n    kind: percent\n"                        \
    "    inputs: {numerator: s.a, denominator: s.b}\n"
#define POSITIONS                                                                      \
    "positions:\n  - code: p\n    title: P\n    sheet: P\n"                             \
    "    goals: [{sasaran: G, indicators: [i]}]\n"

static const struct {
    const char *office, *sources, *indicators, *positions; /* NULL: the base part */
    const char *extra; /* appended */
    const char *message;
} bad_inline[] = {
    {"office: [Uji]\n", NULL, NULL, NULL, NULL, "1:9: expected a mapping for 'office'"},
    {"office:\n  region: R\n", NULL, NULL, NULL, NULL,
     "2:3: missing required key 'name' in office"},
    {OFFICE "  year: 20x5\n", NULL, NULL, NULL, NULL,
     "3:9: expected a year (1900-9999) for 'year'"},
    {OFFICE "  locale: fr\n", NULL, NULL, NULL, NULL,
     "3:11: bad value 'fr' for 'locale' (expected one of: id, en)"},
    {OFFICE "  bands: [{min: tinggi, label: Baik}]\n", NULL, NULL, NULL, NULL,
     "3:17: expected a number for 'min'"},
    {OFFICE "  bands: [{min: 1, label: A}, {min: 1.0, label: B}]\n", NULL, NULL, NULL, NULL,
     "3:37: duplicate band min 1.0"},
    {OFFICE "  name: Lagi\n", NULL, NULL, NULL, NULL,
     "3:3: duplicate key 'name' in office (first at line 2)"},
    {NULL, NULL, NULL, NULL, "areas: [Sampang, {name: Torjun, variants: [\"SAMPANG\"]}]\n",
     "20:43: duplicate area 'SAMPANG' (already a name of 'Sampang')"},
    {NULL, NULL, NULL, NULL, "areas: [Sampang, \" SAMPANG\"]\n",
     "20:18: duplicate area ' SAMPANG' (already a name of 'Sampang')"},
    {NULL, "sources:\n  - code: s\n    layout: tabel\n    key: K\n    fields: [{code: a}]\n",
     NULL, NULL, NULL,
     "5:13: bad value 'tabel' for 'layout' (expected one of: areas, list, items)"},
    {NULL, "sources:\n  - code: s\n    layout: areas\n    fields: [{code: a, title: A}]\n",
     NULL, NULL, NULL, "4:5: missing required key 'key' in source 's' (the area column)"},
    {NULL, "sources:\n  - code: s.x\n    layout: list\n    fields: [{code: a, title: A}]\n",
     NULL, NULL, NULL,
     "4:11: expected a code of letters, digits, '_' or '-' for 'code' in source, not 's.x'"},
    {NULL,
     "sources:\n  - code: s\n    layout: list\n    fields: [{code: a, title: A, agg: avg}]\n",
     NULL, NULL, NULL,
     "6:39: bad value 'avg' for 'agg' (expected one of: sum, count, count_if, distinct, "
     "text)"},
    {NULL,
     "sources:\n  - code: s\n    layout: list\n"
     "    fields: [{code: a, title: A, over_periods: year}]\n",
     NULL, NULL, NULL,
     "6:48: bad value 'year' for 'over_periods' (expected one of: flow, stock)"},
    {NULL,
     "sources:\n  - code: s\n    layout: list\n"
     "    fields: [{code: a, title: A, required: mungkin}]\n",
     NULL, NULL, NULL, "6:44: expected true or false for 'required'"},
    {NULL, "sources:\n  - code: s\n    layout: list\n    fields: [{code: a}]\n", NULL, NULL,
     NULL, "6:14: missing key 'title' or 'aliases' in field 'a' of source 's'"},
    {NULL,
     "sources:\n  - code: s\n    layout: list\n"
     "    fields: [{code: a, title: A}, {code: a, title: B}]\n",
     NULL, NULL, NULL, "6:42: duplicate field code 'a' in source 's'"},
    {NULL, "sources:\n  - code: s\n    layout: items\n    key: Uraian\n"
           "    fields: [{code: a, title: A}]\n",
     NULL, NULL, NULL,
     "7:14: missing required key 'item' in field 'a' of source 's' (layout items)"},
    {NULL, "sources:\n  - code: s\n    layout: list\n    fields: [{code: a, title: A, item: X}]\n",
     NULL, NULL, NULL, "6:40: key 'item' is only for sources with layout items"},
    {NULL, "sources:\n  - code: s\n    layout: list\n    fields: [{code: a, aliases: [A, {B: C}]}]\n",
     NULL, NULL, NULL, "6:37: expected text items in 'aliases'"},
    {NULL, "sources:\n  - code: s\n    layout: list\n    fields: [{code: a, aliases: [A, \"\"]}]\n",
     NULL, NULL, NULL, "6:37: empty text in 'aliases'"},
    {NULL, "sources: {pmks: 1}\n", NULL, NULL, NULL, "3:10: expected a list for 'sources'"},
    {NULL, "sources: []\n", NULL, NULL, NULL, "3:10: expected at least one item in 'sources'"},
    {NULL, NULL, "indicators:\n  - code: i\n    kind: percent\n"
                 "    inputs: {numerator: s.a, denominator: s.b}\n",
     NULL, NULL, "11:5: missing required key 'name' in indicator 'i'"},
    {NULL, NULL, INDICATORS "    polarity: up\n", NULL, NULL,
     "15:15: bad value 'up' for 'polarity' (expected one of: higher, lower)"},
    {NULL, NULL, INDICATORS "    target: tinggi\n", NULL, NULL,
     "15:13: expected a number or [low, high] for 'target'"},
    {NULL, NULL, INDICATORS "    target: [90, 75]\n", NULL, NULL,
     "15:13: expected [low, high] with low <= high for 'target'"},
    {NULL, NULL, INDICATORS "    target: [90]\n", NULL, NULL,
     "15:13: expected [low, high] with two numbers for 'target'"},
    {NULL, NULL, INDICATORS "    index_scale: 10\n", NULL, NULL,
     "15:18: expected 1 or 100 for 'index_scale'"},
    {NULL, NULL,
     "indicators:\n  - code: i\n    name: I\n    kind: kla\n"
     "    inputs: {score: s.a}\n    target: Hebat\n",
     NULL, NULL,
     "15:13: expected a number, [low, high] or a KLA predicate (Pratama, Madya, Nindya, "
     "Utama, KLA) for 'target'"},
    {NULL, NULL, "indicators:\n  - code: i\n    name: I\n    kind: kla\n    inputs: {}\n", NULL,
     NULL, "14:13: indicator 'i' of kind kla needs input score or predicate"},
    {NULL, NULL,
     "indicators:\n  - code: i\n    name: I\n    kind: idg\n"
     "    inputs: {i_inc: s.a, i_par: s.b}\n",
     NULL, NULL,
     "14:13: indicator 'i' of kind idg needs input i_par and i_dm, or p_f, x_par and x_dm,"},
    {NULL, NULL,
     "indicators:\n  - code: i\n    name: I\n    kind: idg\n    inputs: {i_par: s.a, i_dm: s.b}\n",
     NULL, NULL, "14:13: indicator 'i' of kind idg needs input i_inc"},
    {NULL, NULL,
     "indicators:\n  - code: i\n    name: I\n    kind: value\n    inputs: {numerator: s.a}\n",
     NULL, NULL, "14:14: input 'numerator' does not fit kind value of indicator 'i' (expected: value)"},
    {NULL, NULL,
     "indicators:\n  - code: i\n    name: I\n    kind: value\n    inputs: {nilai: s.a}\n", NULL,
     NULL,
     "14:14: unknown key 'nilai' in inputs of indicator 'i' (expected one of: numerator, "
     "denominator, value, i_par, i_dm, i_inc, p_f, x_par, x_dm, score, predicate)"},
    {NULL, NULL,
     "indicators:\n  - code: i\n    name: I\n    kind: value\n    inputs: {value: sa}\n", NULL,
     NULL, "14:21: expected 'source.field' for input 'value', not 'sa'"},
    {NULL, NULL, NULL, "positions:\n  - code: p\n    title: P\n    sheet: \"A/B\"\n    goals: []\n",
     NULL, "18:12: sheet name 'A/B' contains '/' (not allowed: [ ] : * ? / \\)"},
    {NULL, NULL, NULL, "positions:\n  - code: p\n    title: P\n    sheet: P\n    goals: []\n",
     NULL, "19:12: expected at least one goal in position 'p'"},
    {NULL, NULL, NULL, POSITIONS "  - code: p\n    title: Q\n    sheet: Q\n    goals: [{sasaran: G}]\n",
     NULL, "20:11: duplicate position code 'p'"},
    {NULL, NULL, NULL, POSITIONS "  - code: q\n    title: Q\n    sheet: p\n    goals: [{sasaran: G}]\n",
     NULL, "22:12: duplicate sheet name 'p' (also position 'p')"},
    {NULL, NULL, NULL,
     "positions:\n  - code: p\n    title: P\n    sheet: P\n    goals: [{sasaran: G, indicators: [i, i]}]\n",
     NULL, "19:42: indicator 'i' listed twice in a goal of position 'p'"},
    {NULL, NULL, NULL,
     "positions:\n  - code: p\n    title: P\n    sheet: P\n    goals: [{name: G}]\n", NULL,
     "19:14: unknown key 'name' in goal (expected one of: sasaran, indicators)"},
    {NULL, NULL, NULL, NULL, "---\nkedua: 2\n", "21:1: expected one YAML document (a second one starts here)"},
    {NULL, NULL, NULL, NULL, "tambahan: 1\n",
     "20:1: unknown key 'tambahan' in the template (expected one of: office, yes_values, "
     "total_labels, areas, sources, indicators, positions)"},
    {NULL, NULL, NULL, NULL, "\"tam\\nbah\": 1\n",
     "20:1: unknown key 'tam bah' in the template (expected one of: office, yes_values, "
     "total_labels, areas, sources, indicators, positions)"},
    {NULL, NULL, NULL, NULL, "yes_values: {a: 1}\n",
     "20:13: expected text or a list of texts for 'yes_values'"},
    {"", "", "", "", "", "1:1: empty template (expected a mapping with office, sources, "
                         "indicators and positions)"},
    {"- a\n", "", "", "", "",
     "1:1: expected a mapping for the template (office, sources, indicators, positions)"},
    {NULL, NULL, NULL, "", "", "1:1: missing required key 'positions' at the top of the template"},
    {"office:\n  name: \"a\\0b\"\n", NULL, NULL, NULL, NULL, "2:9: NUL character in 'name'"},
    {"office:\n  name: x\n\t- y\n", NULL, NULL, NULL, NULL,
     "3:1: invalid YAML: found a tab character that violates indentation (while scanning a "
     "plain scalar started at line 2, column 9)"},
};

static char *compose(size_t i)
{
    iki_buf b = IKI_BUF_INIT;
    assert_int_equal(iki_buf_printf(&b, "%s%s%s%s%s",
                                    bad_inline[i].office ? bad_inline[i].office : OFFICE,
                                    bad_inline[i].sources ? bad_inline[i].sources : SOURCES,
                                    bad_inline[i].indicators ? bad_inline[i].indicators
                                                             : INDICATORS,
                                    bad_inline[i].positions ? bad_inline[i].positions
                                                            : POSITIONS,
                                    bad_inline[i].extra ? bad_inline[i].extra : ""),
                     0);
    return b.data ? b.data : strdup("");
}

static void bad_template_inline(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof bad_inline / sizeof *bad_inline; i++) {
        char *text = compose(i);
        char err[1024] = "", expect[1024];
        snprintf(expect, sizeof expect, "t.yaml:%s", bad_inline[i].message);
        iki_template *t = NULL;
        iki_error rc = iki_template_load("t.yaml", text, strlen(text), &t, err, sizeof err);
        if (rc != IKI_ERROR_TEMPLATE || strcmp(err, expect)) {
            fprintf(stderr, "case %zu:\n%s\n=> %s\nexpected %s\n", i, text, err, expect);
            failures++;
        }
        assert_null(t);
        /* the same with no message buffer: still the same code, nothing written */
        assert_int_equal(iki_template_load("t.yaml", text, strlen(text), &t, NULL, 0),
                         IKI_ERROR_TEMPLATE);
        free(text);
    }
    assert_int_equal(failures, 0);
}

/* The base parts alone are a valid template (so each case above fails for
 * its own change), and the text need not be NUL-terminated. */
static void base_is_valid_and_length_counts(void **state)
{
    (void)state;
    static const char text[] = OFFICE SOURCES INDICATORS POSITIONS "garbage: [";
    char err[256] = "";
    iki_template *t = NULL;
    assert_int_equal(iki_template_load("t.yaml", text, strlen(text) - strlen("garbage: ["), &t,
                                       err, sizeof err),
                     IKI_OK);
    assert_string_equal(err, "");
    assert_int_equal(t->nsources, 1);
    assert_int_equal(t->office.nbands, 0);
    iki_template_free(t);
    /* a message that does not fit is cut, still NUL-terminated */
    char small[12];
    assert_int_equal(iki_template_load("t.yaml", text, strlen(text), &t, small, sizeof small),
                     IKI_ERROR_TEMPLATE);
    assert_string_equal(small, "t.yaml:21:1");
}

/* YAML that costs the parser or the loader far more than its size: flow
 * collections nested 400,000 deep (libyaml's scanner is quadratic in the
 * flow depth: minutes), and aliases that expand a 200 KB template to
 * millions of nodes (1,000 positions sharing one list of 3,000 goals of
 * all the indicators; the loader used 640 MB and 19 s).  Each is refused
 * at once with a message; anchors and aliases in moderation still work. */
static void yaml_bombs_refused(void **state)
{
    (void)state;
    iki_buf b = IKI_BUF_INIT;
    char err[512];
    iki_template *t = NULL;
    /* deep flow nesting */
    iki_buf_append(&b, "office: ", 8);
    for (int i = 0; i < 400000; i++)
        iki_buf_append(&b, "[", 1);
    for (int i = 0; i < 400000; i++)
        iki_buf_append(&b, "]", 1);
    assert_int_equal(iki_template_load("t.yaml", b.data, b.len, &t, err, sizeof err),
                     IKI_ERROR_TEMPLATE);
    assert_null(t);
    assert_non_null(strstr(err, "nested deeper than 64"));
    assert_non_null(strstr(err, "t.yaml:1:"));
    iki_buf_free(&b);
    /* deep block nesting too ("- - - ... x") */
    iki_buf_append(&b, "office:\n  ", 10);
    for (int i = 0; i < 100000; i++)
        iki_buf_append(&b, "- ", 2);
    iki_buf_append(&b, "x\n", 2);
    assert_int_equal(iki_template_load("t.yaml", b.data, b.len, &t, err, sizeof err),
                     IKI_ERROR_TEMPLATE);
    assert_non_null(strstr(err, "nested deeper than 64"));
    iki_buf_free(&b);
    /* alias expansion: every position refers to the same 3,000 goals */
    size_t n;
    const char *base = iki_template_builtin_text(&n);
    const char *pos = strstr(base, "\npositions:");
    assert_non_null(pos);
    iki_buf_append(&b, base, (size_t)(pos - base) + 1);
    iki_buf_append(&b, "positions:\n", 11);
    const char *goal = "{sasaran: &s S, indicators: &i [pmks_pulih, idg, kla]}";
    for (int k = 0; k < 1000; k++) {
        char line[128];
        snprintf(line, sizeof line, "  - {code: p%d, title: T, sheet: S%d, tugas: x, goals: ", k, k);
        iki_buf_append(&b, line, strlen(line));
        if (k == 0) {
            iki_buf_append(&b, "&G [", 4);
            iki_buf_append(&b, goal, strlen(goal));
            for (int g = 0; g < 3000; g++)
                iki_buf_append(&b, ", {sasaran: *s, indicators: *i}", 31);
            iki_buf_append(&b, "]", 1);
        } else {
            iki_buf_append(&b, "*G", 2);
        }
        iki_buf_append(&b, "}\n", 2);
    }
    assert_int_equal(iki_template_load("t.yaml", b.data, b.len, &t, err, sizeof err),
                     IKI_ERROR_TEMPLATE);
    assert_non_null(strstr(err, "aliases"));
    iki_buf_free(&b);
    /* an alias inside the node it names */
    static const char self[] = "office: &a [*a]\n";
    assert_int_equal(iki_template_load("t.yaml", self, strlen(self), &t, err, sizeof err),
                     IKI_ERROR_TEMPLATE);
    /* anchors and aliases in moderation still load: the Sekretaris's goals
     * as an alias of the Kepala Dinas's (they are the same in the seed) */
    const char *kadis = strstr(base, "    goals:\n");
    const char *sek = strstr(base, "  - code: sekretaris");
    assert_non_null(kadis);
    assert_non_null(sek);
    const char *sek_goals = strstr(sek, "    goals:\n");
    const char *after = strstr(sek_goals, "\n\n");
    assert_non_null(sek_goals);
    assert_non_null(after);
    iki_buf_append(&b, base, (size_t)(kadis - base));
    iki_buf_append(&b, "    goals: &pimpinan\n", 21);
    iki_buf_append(&b, kadis + 11, (size_t)(sek_goals - (kadis + 11)));
    iki_buf_append(&b, "    goals: *pimpinan", 20);
    iki_buf_append(&b, after, n - (size_t)(after - base));
    t = NULL;
    if (iki_template_load("t.yaml", b.data, b.len, &t, err, sizeof err) != IKI_OK)
        fail_msg("%s", err);
    iki_template *ref = builtin();
    assert_int_equal(t->npositions, ref->npositions);
    assert_int_equal(t->positions[1].ngoals, ref->positions[1].ngoals);
    for (size_t g = 0; g < ref->positions[1].ngoals; g++)
        assert_string_equal(t->positions[1].goals[g].name, ref->positions[1].goals[g].name);
    iki_template_free(ref);
    iki_template_free(t);
    iki_buf_free(&b);
}

static void io_and_null(void **state)
{
    (void)state;
    char err[512] = "";
    iki_template *t = (iki_template *)&t;
    const char *path = fixture_path("templates/does-not-exist.yaml");
    assert_int_equal(iki_template_load_file(path, &t, err, sizeof err), IKI_ERROR_IO);
    assert_null(t);
    char expect[600];
    snprintf(expect, sizeof expect, "%s: cannot read: No such file or directory", path);
    assert_string_equal(err, expect);
    /* a directory cannot be read as a file either */
    assert_int_equal(iki_template_load_file(fixture_path("templates"), &t, err, sizeof err),
                     IKI_ERROR_IO);
    assert_null(t);
    iki_template_free(NULL); /* harmless */
    assert_int_equal(iki_template_load("x", NULL, 0, NULL, err, sizeof err), IKI_ERROR_USAGE);
    assert_int_equal(iki_template_load("x", NULL, 5, &t, err, sizeof err), IKI_ERROR_USAGE);
    assert_int_equal(iki_template_load_file(NULL, &t, err, sizeof err), IKI_ERROR_USAGE);
    assert_string_equal(iki_role_name(IKI_ROLE_NUMERATOR), "numerator");
    assert_string_equal(iki_role_name(IKI_ROLE_PREDICATE), "predicate");
    assert_string_equal(iki_role_name(IKI_ROLE_COUNT), "?");
    assert_int_equal(iki_template_find_source(NULL, "x"), -1);
    assert_int_equal(iki_template_find_field(NULL, "x"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_counts_and_order),
        cmocka_unit_test(builtin_inputs),
        cmocka_unit_test(builtin_positions),
        cmocka_unit_test(builtin_seed_text),
        cmocka_unit_test(good_minimal),
        cmocka_unit_test(bad_template_files),
        cmocka_unit_test(bad_template_inline),
        cmocka_unit_test(base_is_valid_and_length_counts),
        cmocka_unit_test(yaml_bombs_refused),
        cmocka_unit_test(io_and_null),
    };
    return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
