"""Shared loading for the probes: TweetEval splits, Train's embedding cache, a Python hashed n-gram
block (same recipe as HashedNgramFeaturizer, another hash function) and macro-recall."""
import numpy as np, glob, re, zlib, scipy.sparse as sp, os, html
D = os.environ.get('DATA', '../shared/datasets/tweeteval-sentiment')
C = os.environ.get('CACHE', '/tmp/tweet-sentiment-cache')
OUT = os.environ.get('OUT', '/tmp/feature-probes')
os.makedirs(OUT, exist_ok=True)
def texts(split): return open(f'{D}/{split}_text.txt',encoding='utf-8').read().split('\n')[:-1]
def labels(split): return np.array([int(x) for x in open(f'{D}/{split}_labels.txt').read().split()])
def pooled(enc, split):
    f=glob.glob(f'{C}/{enc}-pooled-{split}-*.f32')[0]
    a=np.fromfile(f,dtype='>i4',count=2); n,d=a
    return np.fromfile(f,dtype='>f4',offset=8).reshape(n,d).astype(np.float32)
def norm(t):
    t=html.unescape(t)
    t=re.sub(r'\\u([0-9a-fA-F]{4})',lambda m:chr(int(m.group(1),16)),t)
    toks=[('@user' if w.startswith('@') else 'http' if w.startswith('http') else w) for w in t.split()]
    return ' '.join(toks)
def ngrams(ts, B=1<<18):
    rows=[];cols=[];vals=[]
    for i,t in enumerate(ts):
        t=norm(t).lower()
        w=re.findall(r"\w+|[^\w\s]+",t)
        feats=[ 'w:'+x for x in w]+['b:'+a+' '+b for a,b in zip(w,w[1:])]
        p=' '+t+' '
        ch=['c:'+p[j:j+n] for n in range(2,6) for j in range(len(p)-n+1)]
        for grp in (feats,ch):
            if not grp: continue
            v=1/np.sqrt(len(grp))
            for g in grp:
                rows.append(i);cols.append(zlib.crc32(g.encode())&(B-1));vals.append(v)
    return sp.csr_matrix((vals,(rows,cols)),shape=(len(ts),B),dtype=np.float32)
def ngram_cache(split):
    f=f'{OUT}/ng-{split}.npz'
    if os.path.exists(f): return sp.load_npz(f)
    m=ngrams(texts(split)); sp.save_npz(f,m); return m
def macro_recall(y,p):
    return np.mean([np.mean(p[y==c]==c) for c in range(3)])
