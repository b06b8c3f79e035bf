"""The feature probes of docs/model.md ("Variants measured with the Python probes").

python3 probes.py layers | fp32 | pooled | lexicon | lexicon-cv | second-encoder | nb
"""
import sys, time
import numpy as np
from lr import fit, logits, std
from load import labels, pooled, ngram_cache, macro_recall, OUT

ytr, yva = labels('train'), labels('val')


def run(name, tr, va, l2, maxiter=300):
    t = time.time()
    z = logits(va, fit(tr, ytr, l2, maxiter=maxiter))
    print(f'{name}\tl2 {l2:g}\tmacro-recall {macro_recall(yva, z.argmax(1)):.4f}\t{time.time() - t:.0f} s', flush=True)


def layer_file(name, split, layers):
    # Written by Layers.java: per tweet, per layer, [CLS | mean] of 384 float16 values.
    return np.fromfile(f'{OUT}/{name}-{split}.f16', dtype='<f2').reshape(-1, layers, 2, 384)


def bge_cls():
    b = pooled('bge', 'train'), pooled('bge', 'val')
    return std(b[0][:, :384], b[1][:, :384])


what = sys.argv[1]
if what == 'layers':  # bge int8, hidden states after layers 3, 5, 7, 8, 9, 10 and the last
    names = [3, 5, 7, 8, 9, 10, 11]
    tr, va = layer_file('bgeL', 'train', 7), layer_file('bgeL', 'val', 7)
    for i, layer in enumerate(names):
        for p, pool in enumerate(['cls', 'mean']):
            t, v = std(tr[:, i, p].astype(np.float32), va[:, i, p].astype(np.float32))
            run(f'layer {layer} {pool}', [t], [v], 1e-4, 500)
    sel = lambda a, s: np.hstack([a[:, i, p].astype(np.float32) for i, p in s])
    for name, s in [('last cls+mean', [(6, 0), (6, 1)]), ('last cls+mean, layer 10 mean', [(6, 0), (6, 1), (5, 1)])]:
        t, v = std(sel(tr, s), sel(va, s))
        run(name, [t], [v], 3e-4, 500)
elif what == 'fp32':  # full-precision bge against the int8 one the service runs
    tr, va = layer_file('bge32', 'train', 1), layer_file('bge32', 'val', 1)
    ft, fv = std(tr[:, 0, 0].astype(np.float32), va[:, 0, 0].astype(np.float32))
    ct, cv = bge_cls()
    run('fp32 cls', [ft], [fv], 1e-4)
    run('int8 cls', [ct], [cv], 1e-4)
    run('fp32 cls + n-grams', [ngram_cache('train'), ft], [ngram_cache('val'), fv], 1e-4)
    run('int8 cls + n-grams', [ngram_cache('train'), ct], [ngram_cache('val'), cv], 1e-4)
elif what == 'pooled':  # one linear head over every pooling instead of [CLS] alone
    b = pooled('bge', 'train'), pooled('bge', 'val')
    t, v = std(b[0], b[1])
    run('bge cls+mean+max + n-grams', [ngram_cache('train'), t], [ngram_cache('val'), v], 1e-4)
elif what == 'lexicon':
    from lex import lex_matrix
    lt, lv = std(lex_matrix('train'), lex_matrix('val'))
    ct, cv = bge_cls()
    ng = ngram_cache('train'), ngram_cache('val')
    run('n-grams', [ng[0]], [ng[1]], 1e-5)
    run('n-grams + lexicon', [ng[0], lt], [ng[1], lv], 1e-5)
    run('bge cls + n-grams + lexicon', [ng[0], ct, lt], [ng[1], cv, lv], 1e-4)
elif what == 'lexicon-cv':  # five folds of the train split: is the lexicon's gain noise?
    from lex import lex_matrix
    lt, _ = std(lex_matrix('train'), lex_matrix('val'))
    ct, _ = bge_cls()
    fold = np.random.default_rng(0).integers(0, 5, len(ytr))
    for name, X in [('bge cls', ct), ('bge cls + lexicon', np.hstack([ct, lt]))]:
        rs = []
        for f in range(5):
            z = logits([X[fold == f]], fit([X[fold != f]], ytr[fold != f], 1e-4, maxiter=500))
            rs.append(macro_recall(ytr[fold == f], z.argmax(1)))
        print(name, 'folds', np.round(rs, 4), 'mean', round(float(np.mean(rs)), 4), flush=True)
elif what == 'second-encoder':  # another encoder's [CLS] beside bge's in the linear head
    from lex import lex_matrix
    lt, lv = std(lex_matrix('train'), lex_matrix('val'))
    ng = ngram_cache('train'), ngram_cache('val')
    ct, cv = bge_cls()
    run('bge cls + n-grams + lexicon', [ng[0], ct, lt], [ng[1], cv, lv], 1e-4, 400)
    for enc in ['minilm', 'e5']:
        e = pooled(enc, 'train'), pooled(enc, 'val')
        et, ev = std(e[0][:, :384], e[1][:, :384])
        run(f'+ {enc} cls', [ng[0], ct, et, lt], [ng[1], cv, ev, lv], 1e-4, 400)
elif what == 'nb':  # n-grams scaled by their naive-Bayes log-count ratios (NBSVM)
    from lex import lex_matrix
    lt, lv = std(lex_matrix('train'), lex_matrix('val'))
    ng = ngram_cache('train').tocsr(), ngram_cache('val').tocsr()
    present = (ng[0] > 0).astype(np.float32)
    ratios = []
    for c in range(3):
        p = 1 + np.asarray(present[ytr == c].sum(0)).ravel()
        q = 1 + np.asarray(present[ytr != c].sum(0)).ravel()
        ratios.append(np.log((p / p.sum()) / (q / q.sum())))
    r = np.abs(np.array(ratios)).max(0)
    nb = [m.multiply(r[None, :]).tocsr() for m in ng]
    for l2 in [1e-5, 3e-6]:
        run('nb n-grams + lexicon', [nb[0], lt], [nb[1], lv], l2, 400)
    ct, cv = bge_cls()
    for l2 in [1e-4, 3e-5]:
        run('bge cls + nb n-grams + lexicon', [nb[0], ct, lt], [nb[1], cv, lv], l2, 400)
