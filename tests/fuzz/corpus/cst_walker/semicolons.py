a=1; b=2;
if x: pass; y = 1
