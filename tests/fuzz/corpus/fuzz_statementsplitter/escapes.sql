SELECT E'it\'s; fine', 'plain''quote';
