x = 'ab'
