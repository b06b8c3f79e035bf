"""The lexicon features of LexiconFeaturizer, in Python (the probe's normalization is simpler)."""
import numpy as np, re, os
from load import texts, norm
LEX={}
# vader_sentiment_lexicon.txt, unzipped from com.github.apanimesh061:vader-sentiment-analyzer:1.0
for line in open(os.environ.get('LEXICON', 'vader_sentiment_lexicon.txt'),encoding='latin-1'):
    p=line.rstrip('\r\n').split('\t')
    if len(p)>=2: LEX[p[0]]=float(p[1])
NEG=set("aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite no".split())
BOOST=set("absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly very".split())
def feats(t):
    t=norm(t); raw=t.split()
    toks=[]
    for w in raw:
        if w in LEX: toks.append((w,w)); continue
        s=w.strip('.,!?;:"\'()[]{}*').lower()
        toks.append((w,s))
    caps=any(w.isupper() for w,_ in toks if len(w)>1) and not all(w.isupper() for w,_ in toks if w.isalpha())
    vals=[]
    butAt=next((i for i,(_,s) in enumerate(toks) if s=='but'),None)
    for i,(w,s) in enumerate(toks):
        v=LEX.get(w, LEX.get(s))
        if v is None or s in BOOST: continue
        if caps and w.isupper() and len(w)>1: v+=0.733*np.sign(v)
        for k in (1,2,3):
            if i-k>=0:
                q=toks[i-k][1]
                if q in BOOST: v+=0.293*np.sign(v)*(1 if k==1 else 0.95 if k==2 else 0.9)
        if any(toks[i-k][1] in NEG or toks[i-k][1].endswith("n't") for k in (1,2,3) if i-k>=0): v*=-0.74
        if butAt is not None: v*= 0.5 if i<butAt else 1.5 if i>butAt else 1
        vals.append(v)
    v=np.array(vals) if vals else np.zeros(1)
    s=v.sum(); ex=min(t.count('!'),4)*0.292; 
    comp=(s+np.sign(s)*ex)/np.sqrt((s+np.sign(s)*ex)**2+15)
    pos=v[v>0].sum(); neg=-v[v<0].sum()
    return [s,comp,pos,neg,(v>0).sum(),(v<0).sum(),v.max(),v.min(),vals[-1] if vals else 0,t.count('!'),t.count('?'),len(vals)]
def lex_matrix(split):
    return np.array([feats(t) for t in texts(split)],dtype=np.float32)
