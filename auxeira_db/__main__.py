from auxeira_db.cli import main

main()
